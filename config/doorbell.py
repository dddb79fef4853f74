"""Ring a Celery task without ever stalling the caller: the broker is a doorbell, the database row the truth.

A stalled broker (Redis paused, a half-open socket) can block a publish for its whole socket timeout, and
Celery retries publishes by default. `ring` publishes from a small thread pool and waits at most `timeout`;
when every slot is stuck it does not queue more calls. A ring that fails is harmless by design: every task
whose message can be lost has a beat sweep that rings again for rows left waiting.
"""
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from celery import Task, current_app
from django.conf import settings

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_slots: threading.BoundedSemaphore | None = None
_lock = threading.Lock()


def _pool() -> tuple[ThreadPoolExecutor, threading.BoundedSemaphore]:
    global _executor, _slots
    with _lock:
        if _executor is None or _slots is None:
            size = int(settings.TACT_DOORBELL["MAX_IN_FLIGHT"])
            _executor = ThreadPoolExecutor(max_workers=size, thread_name_prefix="doorbell")
            _slots = threading.BoundedSemaphore(size)
        return _executor, _slots


def _publish(task: Task | str, args: tuple, slots: threading.BoundedSemaphore) -> None:
    try:
        if isinstance(task, str):
            current_app.send_task(task, args=args, retry=False)
        else:
            task.apply_async(args=args, retry=False)
    finally:
        slots.release()


def _log_failure(future, what: str) -> None:
    exc = future.exception()
    if exc is not None:  # the class only, as below
        logger.warning("%s: enqueue failed (%s)", what, type(exc).__name__)


def _registered(name: str) -> Task:
    """The task registered under `name`, importing the apps' task modules first as a worker does."""
    current_app.loader.import_default_modules()
    return current_app.tasks[name]


def ring(task: Task | str, *args, what: str, timeout: float | None = None, wait: bool = True) -> bool:
    """Enqueue `task(*args)`; True if the broker took it in time. `what` names the row for logs (ids only).

    `task` may be the task's registered name: the caller then need not import the task's module, whose code
    usually imports the caller back (a service rings a task that runs that service). With `wait=False` the
    publish is only handed to the pool (True when it was): for a ring on a hot path whose sweep is frequent."""
    if current_app.conf.task_always_eager:
        try:
            (_registered(task) if isinstance(task, str) else task).apply(args=args, throw=True)
        except Exception as exc:  # the row stays as it was; its sweep tries again
            logger.warning("%s: eager task failed (%s)", what, type(exc).__name__)
            return False
        return True
    executor, slots = _pool()
    if not slots.acquire(blocking=False):
        logger.warning("%s: broker calls backed up, left for the sweep", what)
        return False
    try:
        future = executor.submit(_publish, task, args, slots)
    except RuntimeError:  # interpreter shutting down
        slots.release()
        return False
    if not wait:
        future.add_done_callback(lambda done: _log_failure(done, what))
        return True
    try:
        future.result(timeout=settings.TACT_DOORBELL["TIMEOUT_S"] if timeout is None else timeout)
    except FutureTimeout:
        logger.warning("%s: broker slow to answer; still trying, the sweep covers it", what)
        return False
    except Exception as exc:  # the class only: a message could echo data back into the log
        logger.warning("%s: enqueue failed (%s)", what, type(exc).__name__)
        return False
    return True
