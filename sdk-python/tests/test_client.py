"""Every operation of ncblink.Client end to end, against the real hub:
notices and their lifecycle, search across pages, diffusions, messages,
the inbox (iteration, ack, resume, signatures), records, checks one by one
and in batches, and the outbox."""

from __future__ import annotations

import base64
import datetime
import pathlib
import uuid
from typing import Any, Callable, Iterator

import pytest

import ncblink

Env = Callable[..., dict[str, Any]]


def test_health_and_directory(hub: Any) -> None:
    with hub.client("FR") as fr:
        assert fr.health()["status"] == "ok"
        directory = fr.directory()
        codes = {n["code"]: n for n in directory["ncbs"]}
        assert {"FR", "DE", "IT"} <= set(codes)
        assert codes["FR"]["keys"][0]["kid"] == hub.signing_key("FR")[1]
    assert fr.closed
    with pytest.raises(ncblink.Error, match="closed"):
        fr.health()


def test_notice_lifecycle(hub: Any, red_notice: Env) -> None:
    fr, de, ru = hub.client("FR"), hub.client("DE"), hub.client("RU")
    record = fr.submit_notice(red_notice("FR"))
    assert record["status"] == "published", record["report"]
    notice_id = record["notice_id"]
    assert de.get_notice(notice_id)["id"] == record["id"]
    assert de.get_notice(record["id"])["notice_id"] == notice_id
    # The shared Red Notice denies RU: it does not exist for RU.
    with pytest.raises(ncblink.NotFound) as info:
        ru.get_notice(record["id"])
    assert info.value.status == 404 and info.value.problem is not None

    replacement = dict(record["envelope"])
    replacement.pop("signature")
    replacement["legal_basis"] = "Mandat d'arrêt du 2 avril 2024, renouvelé"
    assert fr.update_notice(notice_id, replacement)["envelope"]["legal_basis"] == replacement["legal_basis"]

    until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
    assert fr.suspend_notice(notice_id, until, "operation")["status"] == "suspended"
    too_long = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=220)
    with pytest.raises(ncblink.Error) as refused:
        fr.suspend_notice(notice_id, too_long.isoformat())
    assert refused.value.status == 422
    assert fr.resume_notice(notice_id)["status"] == "published"
    assert fr.withdraw_notice(notice_id, "person arrested")["status"] == "withdrawn"
    with pytest.raises(ncblink.Conflict):
        fr.resume_notice(notice_id)


def test_search_is_lazy_and_crosses_pages(hub: Any, red_notice: Env) -> None:
    fr = hub.client("FR")
    family = "QUIRINAL" + uuid.uuid4().hex[:6].upper()
    for _ in range(5):
        env = red_notice("FR")
        env["body"]["notice"]["red"]["subject"]["family_name"] = family
        fr.submit_notice(env)
    search = hub.client("DE").search_notices(name=family, limit=2)
    assert iter(search) is search
    assert (search.pages, search.cursor, search.exhausted) == (0, None, False)
    first = next(search)
    assert search.pages == 1 and search.cursor is not None  # pages and cursors are visible
    resumed = list(hub.client("DE").search_notices(name=family, limit=2, cursor=search.cursor))
    found = [first, *search]
    assert search.exhausted and search.cursor is None and search.pages == 3
    assert [f["id"] for f in found[2:]] == [f["id"] for f in resumed]
    assert len(found) == 5, found
    assert all(f["type"] == "red" and f["source"] == "FR" for f in found)
    assert len({f["id"] for f in found}) == 5
    assert list(search) == []  # exhausted
    assert list(hub.client("DE").search_notices(name=family, status="withdrawn")) == []


def test_diffusions_messages_and_the_inbox(start_hub: Any, message: Env) -> None:
    hub = start_hub()  # an inbox of its own: published notices reach every NCB
    fr = hub.client("FR")
    gb = hub.client("GB")
    diffusion = message("FR", ["GB", "JP"])
    diffusion["body"] = {
        "diffusion": {
            "purpose": "information",
            "dispatch": "direct",
            "text": {"language": "ENG", "text": "Information sought on a vehicle theft network"},
        }
    }
    d = fr.send_diffusion(diffusion)
    assert fr.get_diffusion(d["id"])["id"] == d["id"]
    m = fr.send_message(message("FR", ["GB"], "Question"))
    assert m["delivered_to"] == ["GB"]

    inbox = gb.inbox(wait=2)
    first, second = next(inbox), next(inbox)
    assert (first["id"], second["id"]) == (d["id"], m["id"])
    assert first["kind"] == "envelope" and first["seq"] < second["seq"]
    assert first["envelope"]["signature"]["kid"] == hub.signing_key("FR")[1]
    inbox.ack(first)
    # Not acknowledged: a new consumer (a restart) gets the message again…
    again = gb.inbox(wait=1)
    assert next(again)["id"] == m["id"]
    again.ack(second)
    # …and once acknowledged, never again: iteration stops on an empty poll.
    assert list(gb.inbox(wait=1)) == []
    assert gb.ack_inbox(second["seq"])["acked_seq"] == second["seq"]


def test_an_unsigned_envelope_reaches_the_application_as_a_signature_error(start_hub: Any, message: Env) -> None:
    hub = start_hub()
    fr, us = hub.client("FR", signed=False), hub.client("US")
    sent = fr.send_message(message("FR", ["US"], "unsigned"))
    inbox = us.inbox(wait=1).with_wait(1)
    with pytest.raises(ncblink.SignatureError, match="not signed"):
        next(inbox)
    # Held back, never handed over as if it were sound: again the same error.
    with pytest.raises(ncblink.SignatureError):
        next(inbox)
    held = inbox.skip_held()
    assert held is not None and held["id"] == sent["id"]
    inbox.ack(held)
    assert inbox.skip_held() is None
    assert list(inbox) == []
    with pytest.raises(ncblink.SignatureError):
        fr.verify(message("FR", ["US"]))


def test_signing_key_from_a_key_file(start_hub: Any, message: Env, tmp_path: pathlib.Path) -> None:
    hub = start_hub()
    key, kid = hub.signing_key("FR")
    path = tmp_path / "fr.key"
    path.write_text(base64.urlsafe_b64encode(key).decode().rstrip("=") + "\n")
    fr = hub.client("FR", signing_key=path, kid=kid)  # the file, not the bytes
    sent = fr.send_message(message("FR", ["MA"], "signed from a file"))
    fr.verify(sent["envelope"])
    item = next(hub.client("MA").inbox(wait=2))
    assert item["id"] == sent["id"] and item["envelope"]["signature"]["kid"] == kid


def test_records_and_checks(hub: Any, red_notice: Env) -> None:
    fr, de = hub.client("FR"), hub.client("DE")
    number = "19FR" + uuid.uuid4().hex[:5].upper()
    passport = {
        "travel_document": {
            "number": number,
            "issuing_state": "FRA",
            "document_type": "passport",
            "loss_type": "lost",
        }
    }
    view = fr.register_record(passport)
    assert view["owner"] == "FR" and view["record"] == passport
    with pytest.raises(ncblink.Forbidden) as info:
        de.register_record(passport)
    assert info.value.problem is not None and info.value.problem["code"] == "NOT_ISSUING_STATE"

    hit = de.check_document({"number": number, "issuing_state": "FRA"})
    assert hit["outcome"] == "hit"
    assert de.get_record(hit["hits"][0]["record_id"])["id"] == view["id"]
    assert de.check_document(b'{"number": "NOPE0000", "issuing_state": "FRA"}')["outcome"] == "no_hit"

    vin = "WVWZZZ1JZXW" + uuid.uuid4().hex[:6].upper()
    car = fr.register_record({"vehicle": {"vin": vin}})
    assert de.check_vehicle({"vin": vin})["outcome"] == "hit"
    serial = "XYZ" + uuid.uuid4().hex[:6]
    gun = fr.register_record({"firearm": {"serial_number": serial, "make": "Beretta", "status": "stolen"}})
    assert de.check_firearm({"serial_number": serial})["outcome"] == "hit"
    fr.submit_notice(red_notice("FR"))
    person = {"family_name": "Durand", "forenames": "Jean Pierre", "date_of_birth": "1978"}
    assert de.check_person(person)["outcome"] == "hit"
    assert [r["outcome"] for r in de.check_vehicles([{"vin": vin}, {"vin": "1M8GDM9AXKP042788"}])] == ["hit", "no_hit"]
    assert [r["outcome"] for r in de.check_firearms(iter([{"serial_number": serial}]))] == ["hit"]
    assert de.check_persons(({**person, "date_of_birth": y} for y in ["1978", "1901"]))[0]["outcome"] == "hit"

    # Only the owner deletes.
    with pytest.raises(ncblink.Forbidden):
        de.delete_record(car["id"])
    assert fr.delete_record(car["id"]) is None
    fr.delete_record(gun["id"])
    with pytest.raises(ncblink.NotFound):
        de.get_record(car["id"])
    # The owner was told of the hits.
    notifications = [i for i in fr.inbox(wait=0) if i["kind"] == "hit_notification"]
    assert any(n["notification"]["hit"]["checked_by"] == "DE" for n in notifications)


def test_a_batch_of_2500_from_a_generator_keeps_the_input_order(hub: Any) -> None:
    fr, it = hub.client("FR"), hub.client("IT")
    number = "19FR" + uuid.uuid4().hex[:5].upper()
    fr.register_record(
        {"travel_document": {"number": number, "issuing_state": "FRA", "document_type": "passport", "loss_type": "lost"}}
    )
    consumed = []

    def checks() -> Iterator[dict[str, str]]:
        for i in range(2500):
            consumed.append(i)
            yield {"number": number if i % 500 == 7 else f"NOHIT{i:05d}", "issuing_state": "FRA"}

    results = it.check_documents(checks())
    assert len(results) == 2500 and len(consumed) == 2500
    for i, r in enumerate(results):
        assert r["outcome"] == ("hit" if i % 500 == 7 else "no_hit"), i
    assert it.check_documents([]) == []
    assert len(it.check_documents(tuple(checks())[:3])) == 3


def test_a_bad_item_in_a_batch_names_its_position(hub: Any) -> None:
    items: list[Any] = [{"number": "A1", "issuing_state": "FRA"}] * 1500 + [{"number": 7, "issuing_state": "FRA"}]
    with pytest.raises(ncblink.ValidationError) as info:
        hub.client("IT").check_documents(items)
    assert info.value.report.violations[0].pointer == "/1500/number"


def test_the_outbox_keeps_writes_until_the_hub_answers(start_hub: Any, message: Env, tmp_path: pathlib.Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    outbox = tmp_path / "fr-outbox.sqlite"
    fr = ncblink.Client(url, "FR", token="token-FR", outbox=outbox, max_retries=0, connect_timeout=1.0)
    assert fr.pending_writes() == []
    first = message("FR", ["DE"], "sent while the hub was down")
    with pytest.raises(ncblink.TransportError):
        fr.send_message(first)
    # To a country the directory does not know: the hub will refuse it.
    refused = message("FR", ["CH"], "to nobody")
    with pytest.raises(ncblink.TransportError):
        fr.send_message(refused)
    pending = fr.pending_writes()
    assert [(w["method"], w["path"], w["key"]) for w in pending] == [
        ("POST", "messages", first["id"]),
        ("POST", "messages", refused["id"]),
    ]
    assert pending[0]["attempts"] == 1 and isinstance(pending[0]["body"], bytes)

    hub = start_hub(port)
    report = fr.flush_outbox()
    assert report["delivered"] == 1 and report["remaining"] == 0
    [rejected] = report["rejected"]
    assert rejected["write"]["key"] == refused["id"]
    assert isinstance(rejected["error"], ncblink.Error) and rejected["error"].status == 422
    assert fr.pending_writes() == []
    assert fr.flush_outbox() == {"delivered": 0, "rejected": [], "remaining": 0}
    # Delivered (unsigned, so DE's inbox holds it back as unverified).
    inbox = hub.client("DE").inbox(wait=1)
    with pytest.raises(ncblink.SignatureError):
        next(inbox)
    held = inbox.skip_held()
    assert held is not None and held["id"] == first["id"]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
