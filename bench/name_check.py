"""What the name check costs (`redaction.textcheck.name_findings`, docs/reply-gate.md): CPU time of one call, for
an organization's name as it is written and for a customer's name and organization as the API shows them, against
a staff directory of N members (the database's read of the directory is left out: one query a call).

    .venv/bin/python bench/name_check.py [--staff 200] [--runs 7]

Prints the median over runs of the mean of 50 calls, after one call that fills the per-directory caches.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("TACT_DEBUG", "1")

import django  # noqa: E402

django.setup()

from redaction import textcheck  # noqa: E402

FIRST = "Harper Samuel Ana Jonas Priya Owen Zoë Kahale Florentina Quentin Aisha Ngozi Mateo Ines Yuki Lars".split()
LAST = "Lee Okafor Iliescu Zieliński Eze Raman Müller Tanaka Silva Novak Haddad O'Brien Moreau Kowalski".split()


def directory(size: int) -> list[dict[str, str]]:
    staff = []
    for i in range(size):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        username = f"{first[0]}{last}".lower().replace("'", "") + (str(i) if i >= len(FIRST) * len(LAST) else "")
        staff.append({"name": f"{first} {last}", "username": username, "email": f"{username}@support.example"})
    return staff


def cpu_ms(texts: list[str], person: list[bool], runs: int) -> float:
    textcheck.name_findings(texts=texts, person=person)
    means = []
    for _ in range(runs):
        start = time.process_time()
        for _ in range(50):
            textcheck.name_findings(texts=texts, person=person)
        means.append((time.process_time() - start) / 50 * 1000)
    return statistics.median(means)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with mock.patch.object(textcheck, "staff_private_identities", return_value=directory(args.staff)):
        written = cpu_ms(["Harper Logistics & Sons"], [False], args.runs)
        shown = cpu_ms(["Zoë Ñúñez-García", "Northwind Traders GmbH"], [True, False], args.runs)
    print(f"staff directory of {args.staff}; load {os.getloadavg()[0]:.1f}")
    print(f"an organization's name, written: {written:.2f} ms CPU a call")
    print(f"a customer's name and organization, shown: {shown:.2f} ms CPU a call")


if __name__ == "__main__":
    main()
