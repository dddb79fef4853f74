"""The embedded folder broker: a worker looking while a message is being written sees none, never an empty one."""
import builtins
from queue import Empty

import pytest
from django.conf import settings
from kombu import Connection
from kombu.exceptions import ChannelError

TRANSPORT = "config.broker:Transport"


@pytest.fixture
def channel(tmp_path):
    options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path),
               "control_folder": str(tmp_path), "store_processed": False}
    with Connection("filesystem://", transport=TRANSPORT, transport_options=options) as connection:
        yield connection.default_channel


def test_a_worker_looking_mid_write_finds_nothing_then_the_whole_message(channel, tmp_path, monkeypatch):
    """kombu's own transport creates the file under its final name before writing it: a worker's look at that
    moment took the empty file and died on it (JSONDecodeError), losing the message and stopping ./tact run."""
    real_open = builtins.open
    looked = []

    def open_then_look(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if "w" in mode and str(file).startswith(str(tmp_path)) and not looked:
            looked.append(file)
            with pytest.raises(Empty):
                channel._get("urgent")  # another worker's look, while the message is being written
        return handle

    monkeypatch.setattr(builtins, "open", open_then_look)
    channel._put("urgent", {"body": "classify message 42"})
    monkeypatch.undo()
    assert looked
    assert channel._get("urgent") == {"body": "classify message 42"}
    with pytest.raises(Empty):
        channel._get("urgent")


def test_a_failed_write_leaves_no_partial_file_behind(channel, tmp_path, monkeypatch):
    """A full disk or a refused rename raises ChannelError, and the half-written file does not pile up."""

    def refuse(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("config.broker.os.replace", refuse)
    with pytest.raises(ChannelError):
        channel._put("celery", {"n": "scan"})
    assert [path.name for path in tmp_path.iterdir()] == []


def test_each_queue_gets_its_own_messages(channel):
    channel._put("celery", {"n": "scan"})
    channel._put("notify", {"n": "mail"})
    assert channel._get("notify") == {"n": "mail"} and channel._get("celery") == {"n": "scan"}


def test_the_folder_broker_setting_names_this_transport():
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        assert settings.CELERY_BROKER_TRANSPORT == TRANSPORT
