"""Documents of an invented contract version 1.1 (tests/vectors/future/)
through a real hub: a relay sends them signed, the recipient reads them from
its inbox (signature verified) with every unknown member kept and every
unknown value shown as the string it is."""

from __future__ import annotations

import copy
import json
import pathlib
from typing import Any

import ncblink
import pytest

FUTURE = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors" / "future"


def future(name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FUTURE / f"{name}.json").read_text(encoding="utf-8"))
    doc["id"] = ncblink.new_message_id()
    return doc


def test_a_later_minor_version_reaches_the_application_intact(start_hub: Any) -> None:
    hub = start_hub()
    relay = hub.client("FR", forward_unknown=True)
    de = hub.client("DE")
    message, diffusion = future("message-new-members"), future("diffusion-new-values")
    relay.send_message(copy.deepcopy(message))
    relay.send_diffusion(copy.deepcopy(diffusion))

    inbox = de.inbox(wait=2)
    got = {item["id"]: item["envelope"] for item in (next(inbox), next(inbox))}
    received = dict(got[message["id"]])
    received.pop("signature")  # verified by the inbox before it hands the item over
    if received.get("access") == {}:
        received.pop("access")
    assert received == message
    m = got[message["id"]]
    assert m["schema_version"] == "1.1"
    assert m["channel"] == {"kind": "secure", "hops": [1, 2]}
    assert m["body"]["message"]["priority"] == "urgent"
    assert m["body"]["message"]["text"]["script"]["iso15924"] == 215
    subject = got[diffusion["id"]]["body"]["diffusion"]["subject"]
    assert subject["eyes"] == ["AMB"] and subject["status"] == "person_of_interest"
    assert subject["identity_documents"][0]["chip"] == {"verified": True}


def test_a_client_at_its_default_refuses_to_send_unknown_parts(start_hub: Any) -> None:
    hub = start_hub()
    with pytest.raises(ncblink.ValidationError) as caught:
        hub.client("FR").send_message(future("message-new-members"))
    found = {(v.code, v.pointer) for v in caught.value.report.violations}
    assert ("FIELD.UNKNOWN_MEMBER", "/body/message/priority") in found


def test_an_unknown_major_version_is_refused_naming_it() -> None:
    doc = future("message-new-members")
    doc["schema_version"] = "2.0"
    report = ncblink.validate(doc)
    assert report.codes == ["DOCUMENT.VERSION_UNSUPPORTED"]
    assert "2.0" in report.violations[0].message
