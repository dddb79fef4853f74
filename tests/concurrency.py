"""Calls released together from threads, each on its own database connection: races between real transactions.

Only PostgreSQL shows such races (SQLite serializes writers), so tests using this need it.
"""
import threading
import time

from django.db import connection, connections, transaction


def at_once(*calls) -> list:
    """Run the calls in threads released by one barrier; each result is a return value or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 (judged by the caller)
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def held_then(hold, then, timeout: float = 10) -> list:
    """Run `hold` in a transaction kept open until `then`, started once `hold` is done, waits on one of its
    locks (or `timeout` passes): the second call is queued behind the first's locks. Results as `at_once`."""
    held = threading.Event()

    def first():
        with transaction.atomic():
            result = hold()
            hold_until_someone_waits(held, timeout)
        return result

    def second():
        held.wait(timeout)
        return then()

    return at_once(first, second)


def hold_until_someone_waits(started: threading.Event, timeout: float = 10) -> None:
    """Set `started`, then return once another connection waits on a lock (or `timeout` passes): called inside
    a transaction, it keeps that transaction's locks until the other side is queued behind them."""
    started.set()
    deadline = time.monotonic() + timeout
    while not _waiting_on_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity"
                       " WHERE wait_event_type = 'Lock' AND datname = current_database()")
        return cursor.fetchone()[0] > 0
