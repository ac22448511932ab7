#!/usr/bin/env python3
"""Checks a CSV file of passports against SLTD (Stolen and Lost Travel
Documents) and prints the hits and a summary.

The CSV has a header row with the columns ``number`` and ``issuing_state``
(ICAO code: ``FRA``, ``D``, ``UTO``) and, optionally, ``document_type``.

    NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=FR NCBLINK_TOKEN=… \\
        python bulk_check_passports.py passports.csv

The checks go to the hub in batches (requests of 1,000, a few at once);
the progress bar is tqdm's when it is installed, else a counter on stderr.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import os
import sys
from typing import Any, Callable, Iterator

import ncblink

CHUNK = 5_000


def progress_bar(total: int) -> tuple[Callable[[int], None], Callable[[], None]]:
    """`(advance(n), close())`: tqdm if installed, else a line on stderr."""
    try:
        tqdm: Any = importlib.import_module("tqdm")
    except ImportError:
        done = [0]

        def advance(n: int) -> None:
            done[0] += n
            print(f"\rchecked {done[0]:,}/{total:,}", end="", file=sys.stderr, flush=True)

        def close() -> None:
            print(file=sys.stderr)

        return advance, close
    bar = tqdm.tqdm(total=total, unit="check", file=sys.stderr)
    return bar.update, bar.close


def read_checks(path: str) -> Iterator[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            check = {"number": row["number"].strip(), "issuing_state": row["issuing_state"].strip().upper()}
            if row.get("document_type"):
                check["document_type"] = row["document_type"].strip()
            yield check


def main() -> int:
    parser = argparse.ArgumentParser(description="Check a CSV of passports against SLTD.")
    parser.add_argument("csv", help="the file: number, issuing_state[, document_type]")
    args = parser.parse_args()

    checks = list(read_checks(args.csv))
    advance, close = progress_bar(len(checks))
    hits: list[tuple[dict[str, str], ncblink.types.CheckResult]] = []
    with ncblink.Client(os.environ["NCBLINK_HUB"], os.environ["NCBLINK_NCB"], token=os.environ.get("NCBLINK_TOKEN")) as client:
        for start in range(0, len(checks), CHUNK):
            chunk = checks[start : start + CHUNK]
            for check, result in zip(chunk, client.check_documents(chunk)):
                if result["outcome"] == "hit":
                    hits.append((check, result))
            advance(len(chunk))
    close()
    for check, result in hits:
        for hit in result.get("hits", []):
            print(f"HIT {check['issuing_state']} {check['number']}: {hit['summary']} (owner {hit['owner']}, record {hit['record_id']})")
    print(f"checked {len(checks)} passports: {len(hits)} hit(s), {len(checks) - len(hits)} no hit")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ncblink.Error as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
