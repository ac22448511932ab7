#!/usr/bin/env python3
"""Builds a Yellow Notice (a missing person), validates it, submits it and
waits until the General Secretariat has published (or refused) it.

    NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=ES NCBLINK_TOKEN=… \\
        python submit_yellow_notice.py
"""

from __future__ import annotations

import datetime
import os
import sys
import time

import ncblink
from ncblink.types import Envelope


def yellow_notice(source: str) -> Envelope:
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    # A notice is kept at most five years (RPD Art 49), reviewed six months
    # before it expires (Art 50).
    expires = now + datetime.timedelta(days=5 * 365 - 30)
    review_due = expires - datetime.timedelta(days=200)
    return {
        "id": ncblink.new_message_id(),
        "source": source,
        "recipients": "all",
        "created": now.isoformat(),
        "purpose": "locate_missing_person",
        "classification": {"level": "restricted"},
        "language": "en",
        "expires": expires.isoformat(),
        "review_due": review_due.isoformat(),
        "body": {
            "notice": {
                "yellow": {
                    "category": "missing_person",
                    "subject": {
                        "family_name": "GARCIA LOPEZ",
                        "forenames": "Lucia",
                        "sex": "F",
                        "date_of_birth": "2009-07",
                        "nationalities": ["ES"],
                        "hair": ["BRO"],
                    },
                    "event": {
                        "date": (now - datetime.timedelta(days=3)).date().isoformat(),
                        "place": "Valencia",
                        "country": "ES",
                        "circumstances": {"language": "ENG", "text": "Disappeared after leaving school"},
                        "police_report_reference": "VLC-2026-04-3311",
                    },
                    "countries_likely_to_be_visited": ["FR", "PT"],
                }
            }
        },
    }


def main() -> int:
    ncb = os.environ["NCBLINK_NCB"]
    notice = yellow_notice(ncb)
    report = ncblink.validate(notice)
    if not report.ok:
        print(f"the notice is not valid:\n{report}", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(f"warning: {warning.code} at {warning.pointer}: {warning.message}")

    with ncblink.Client(os.environ["NCBLINK_HUB"], ncb, token=os.environ.get("NCBLINK_TOKEN")) as client:
        record = client.submit_notice(notice)
        print(f"submitted {record['id']}: {record['status']}")
        deadline = time.monotonic() + 60
        while record["status"] not in ("published", "refused") and time.monotonic() < deadline:
            time.sleep(1)
            record = client.get_notice(record["id"])
            print(f"  {record['status']}")
    if record["status"] == "published":
        print(f"published as {record.get('notice_id')}")
        return 0
    print(f"not published ({record['status']}):")
    for violation in record["report"].get("violations", []):
        print(f"  {violation['code']} at {violation['pointer']}")
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ncblink.Error as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
