"""The reply gate's write API, in one import: `from redaction import services`.

The functions live in `redaction.gate` (state machine) and use `redaction.context` (what a reply is checked
against) and `redaction.policy` (settings); this module is the stable name views, the API and scripts use.
"""
from redaction.gate import (
    PublishRefused,
    draft_save,
    enqueue_scan,
    replies_sweep,
    reply_override,
    reply_publish,
    reply_scan,
    reply_submit,
)

__all__ = [
    "PublishRefused",
    "draft_save",
    "enqueue_scan",
    "replies_sweep",
    "reply_override",
    "reply_publish",
    "reply_scan",
    "reply_submit",
]
