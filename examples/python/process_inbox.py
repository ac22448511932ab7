#!/usr/bin/env python3
"""Reads this NCB's inbox, prints each item and acknowledges it.

    NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=DE NCBLINK_TOKEN=… \\
        python process_inbox.py [--wait 30] [--follow]

Items come in order; each is acknowledged once handled, so a restart
resumes at the first one not handled. An envelope whose signature does not
verify is never handed over as sound: it is reported, set aside and
acknowledged. Without ``--follow`` the script stops when a poll brings
nothing; Ctrl-C stops it at any time.
"""

from __future__ import annotations

import argparse
import os
import sys

import ncblink
from ncblink.wire import InboxItem


def describe(item: InboxItem) -> str:
    head = f"#{item['seq']} {item['received_at']}"
    if "envelope" in item:
        env = item["envelope"]
        kind = next(iter(env["body"]))
        return f"{head} {kind} {env['id']} from {env['source']}"
    notification = item.get("notification", {})
    hit = notification.get("hit")
    if hit is not None:
        return f"{head} hit: {hit['checked_by']} checked {hit['record_id']} ({hit['database']})"
    status = notification.get("notice_status")
    if status is not None:
        return f"{head} notice {status['notice']} is now {status['status']}"
    return f"{head} {item['kind']}"


def main() -> int:
    parser = argparse.ArgumentParser(description="Print and acknowledge the inbox.")
    parser.add_argument("--wait", type=float, default=30, help="seconds one poll waits (at most 30)")
    parser.add_argument("--follow", action="store_true", help="keep polling when the inbox is empty")
    args = parser.parse_args()

    handled = rejected = 0
    with ncblink.Client(os.environ["NCBLINK_HUB"], os.environ["NCBLINK_NCB"], token=os.environ.get("NCBLINK_TOKEN")) as client:
        inbox = client.inbox(wait=args.wait, follow=args.follow)
        while True:
            try:
                item = next(inbox)
            except StopIteration:
                break
            except ncblink.SignatureError as e:
                held = inbox.skip_held()
                print(f"REJECTED (signature): {e}")
                if held is not None:
                    inbox.ack(held)
                rejected += 1
                continue
            print(describe(item))
            inbox.ack(item)
            handled += 1
    print(f"handled {handled} item(s), rejected {rejected}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except ncblink.Error as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
