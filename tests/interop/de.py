"""DE, in Python, of the cross-language round trip (`cargo xtask interop`):
reads DE's inbox (every envelope verified against the directory by the
package) until FR's message whose id is argv[1], verifies it once more by
hand, answers it with a signed reply and prints the reply's id.

The hub, DE's token and key come from NCBLINK_HUB, NCBLINK_PEER_TOKEN,
NCBLINK_PEER_KEY_FILE and NCBLINK_PEER_KID. Exit 0 on success.
"""

from __future__ import annotations

import datetime
import os
import sys

import ncblink


def main() -> int:
    wanted = sys.argv[1]
    key = ncblink.SigningKey.from_file(os.environ["NCBLINK_PEER_KEY_FILE"], os.environ["NCBLINK_PEER_KID"])
    with ncblink.Client(os.environ["NCBLINK_HUB"], "DE", token=os.environ["NCBLINK_PEER_TOKEN"], signing_key=key) as de:
        inbox = de.inbox(wait=5)
        received = None
        for item in inbox:
            if item["kind"] == "envelope" and item["envelope"]["id"] == wanted:
                received = item["envelope"]
            inbox.ack(item)
        if received is None or received["source"] != "FR":
            print(f"de: no message {wanted} from FR", file=sys.stderr)
            return 1
        de.verify(received)
        now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
        reply = {
            "id": ncblink.new_message_id(),
            "source": "DE",
            "recipients": {"ncbs": ["FR"]},
            "created": now,
            "purpose": "investigation",
            "classification": {"level": "official_use_only"},
            "language": "en",
            "in_reply_to": wanted,
            "body": {"message": {"title": "Reply", "text": {"language": "ENG", "text": "Greetings from Germany"}}},
        }
        sent = de.send_message(reply)
        print(f"verified {wanted} from FR; replied", file=sys.stderr)
        print(sent["id"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
