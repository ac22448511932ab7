"""The examples of examples/python run against a hub of their own, as a
user runs them: a subprocess with NCBLINK_HUB, NCBLINK_NCB and
NCBLINK_TOKEN in its environment."""

from __future__ import annotations

import copy
import csv
import json
import os
import pathlib
import subprocess
import sys
from typing import Any

import pytest

import ncblink

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples" / "python"


def run(hub: Any, ncb: str, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NCBLINK_HUB": hub.url, "NCBLINK_NCB": ncb, "NCBLINK_TOKEN": hub.tokens[ncb]}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bulk_check_passports(start_hub: Any, tmp_path: pathlib.Path) -> None:
    hub = start_hub()
    hub.client("FR").register_record(
        {"travel_document": {"number": "19FR00042", "issuing_state": "FRA", "document_type": "passport", "loss_type": "lost"}}
    )
    path = tmp_path / "passports.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["number", "issuing_state", "document_type"])
        for i in range(2_345):
            w.writerow(["19FR00042" if i == 1000 else f"X{i:07d}", "fra", "passport" if i % 2 else ""])
    done = run(hub, "DE", "bulk_check_passports.py", str(path))
    assert done.returncode == 0, done.stderr
    assert "checked 2345 passports: 1 hit(s), 2344 no hit" in done.stdout
    assert "HIT FRA 19FR00042" in done.stdout
    assert "2,345" in done.stderr or "2345" in done.stderr  # the progress


def test_submit_yellow_notice(start_hub: Any) -> None:
    hub = start_hub()
    done = run(hub, "ES", "submit_yellow_notice.py")
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "published as " in done.stdout
    found = list(hub.client("FR").search_notices(type="yellow", name="Garcia Lopez"))
    assert len(found) == 1 and found[0]["source"] == "ES"


def test_process_inbox(start_hub: Any, message: Any) -> None:
    hub = start_hub()
    signed = hub.client("FR")
    unsigned = hub.client("FR", signed=False)
    signed.send_message(message("FR", ["GB"], "first"))
    unsigned.send_message(message("FR", ["GB"], "tampered or unsigned"))
    signed.send_message(message("FR", ["GB"], "third"))
    done = run(hub, "GB", "process_inbox.py", "--wait", "1")
    assert done.returncode == 0, (done.stdout, done.stderr)
    lines = done.stdout.splitlines()
    assert sum(" message " in line for line in lines) == 2, lines
    assert sum(line.startswith("REJECTED (signature)") for line in lines) == 1, lines
    assert lines[-1] == "handled 2 item(s), rejected 1"
    # Everything was acknowledged: a second run finds nothing.
    again = run(hub, "GB", "process_inbox.py", "--wait", "0")
    assert again.stdout.splitlines()[-1] == "handled 0 item(s), rejected 0"


def test_sign_without_ncblink_then_verify_with_ncblink(start_hub: Any) -> None:
    """The issue's test of trust across languages: a program with only
    `cryptography` and `rfc8785` registers its own key for FR, signs the
    shared Red Notice vector and submits it to a hub that requires
    signatures; DE verifies the published notice with this package."""
    hub = start_hub(0, "--require-signatures")
    vector = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors" / "valid" / "red-notice.json"
    done = run(hub, "FR", "sign_without_ncblink.py", str(vector))
    assert done.returncode == 0, (done.stdout, done.stderr)
    record = json.loads(done.stdout.splitlines()[-1])
    assert record["status"] == "published", record
    de = hub.client("DE")
    got = de.get_notice(record["id"])
    assert got["envelope"]["signature"]["kid"].startswith("FR#py-")
    de.verify(got["envelope"])
    tampered = copy.deepcopy(got["envelope"])
    tampered["body"]["notice"]["red"]["subject"]["height_m"] = 1.83
    with pytest.raises(ncblink.SignatureError):
        de.verify(tampered)
    unknown = copy.deepcopy(got["envelope"])
    unknown["signature"]["kid"] = "FR#nobody"
    with pytest.raises(ncblink.SignatureKeyUnknown, match="FR#nobody"):
        de.verify(unknown)
