"""The embedded folder broker (`filesystem://`, `./tact run`'s default), with every message whole before any
worker can see it.

kombu's filesystem transport creates a message's file under its final name and then writes it. A worker that
lists the folder in between takes the empty file, reads nothing and fails on it (kombu issue 1551): the
worker process exits, `./tact run` stops every service with it, and the message is gone. Here the message is
written under a name no queue matches and renamed into place; a rename within one folder is atomic, so a
worker sees a whole message or none. A write that fails takes its partial file with it.
"""
import contextlib
import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # kombu's name, so workers take messages in the same order (they sort the folder's names).
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".{name}.part")  # ".<…>.msg.part" matches no queue
        try:
            with open(partial, "wb") as handle:
                handle.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
