"""Signed webhooks: subscriptions, the events Tact sends, and their deliveries (docs/webhooks.md).

`tickets` owns them because every event is about a ticket; the apps that raise events it cannot import
(the reply gate, escalations) call `tickets.webhooks.events.webhook_emit` in their own transactions.
"""
