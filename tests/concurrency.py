"""Calls released together from threads, each on its own database connection: races between real transactions.

Only PostgreSQL shows such races (SQLite serializes writers), so tests using this need it.
"""
import threading

from django.db import connections


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
