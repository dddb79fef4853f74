"""The reply gate's write API, in one import: `from redaction import services`.

The agent's side lives in `redaction.gate` (drafts, Send, the doorbell and its sweep), the worker's in
`redaction.worker` (claim, scan, decide), and the only way into a thread in `redaction.publication`; this
module is the stable name views, the API and scripts use.
"""
from redaction.doorbell import enqueue_scan
from redaction.gate import SendKeyReused, draft_save, replies_sweep, reply_submit
from redaction.publication import PublishRefused, reply_override, reply_override_request
from redaction.worker import reply_scan

__all__ = [
    "PublishRefused",
    "SendKeyReused",
    "draft_save",
    "enqueue_scan",
    "replies_sweep",
    "reply_override",
    "reply_override_request",
    "reply_scan",
    "reply_submit",
]
