"""Checked by `mypy --strict` (not run by pytest): the public API as users
write it type-checks against the package's stubs and TypedDicts."""

from __future__ import annotations

import datetime
from typing import Optional

import ncblink
from ncblink import codes, types
from ncblink.report import ReportDict, ViolationDict

check: types.Check = {"document_check": {"number": "X1234567", "issuing_state": "FRA"}}
report: ncblink.Report = ncblink.validate(check, "fr", kind="check", now=datetime.datetime.now(datetime.timezone.utc))
ok: bool = report.ok and bool(report)
count: int = len(report)
for violation in report:
    code: str = violation.code
    pointer: str = violation.pointer
    severity: str = violation.severity
    message: str = violation.message
    arabic: str = violation.messages["ar"]
    args: tuple[str, ...] = violation.args
    as_dict: ViolationDict = violation.to_dict()
errors: list[ncblink.Violation] = report.errors
warnings: list[ncblink.Violation] = report.warnings
found: list[str] = report.codes
data: ReportDict = report.to_dict()
lang: str = report.lang

from_text = ncblink.validate(b'{"vehicle_check": {}}', now="2026-06-01T00:00:00Z")
from_str = ncblink.validate('{"vehicle_check": {}}')

envelope: types.Envelope = {
    "id": "0190f3a2-0000-7000-8000-000000000000",
    "source": "FR",
    "recipients": {"ncbs": ["DE"]},
    "created": "2026-06-01T00:00:00Z",
    "purpose": "investigation",
    "classification": {"level": "restricted"},
    "language": "fr",
    "body": {"message": {"title": "Demande", "text": {"language": "FRE", "text": "Bonjour"}}},
}
ncblink.validate(envelope)

try:
    ncblink.validate_or_raise(envelope, kind="envelope")
except ncblink.ValidationError as e:
    failed: ncblink.Report = e.report
except ncblink.Timeout:
    pass

retry: Optional[float] = ncblink.RateLimited("x", retry_after=1.0).retry_after

germany: codes.Country = codes.COUNTRIES["DE"]
icao: str = germany.icao
label: str = germany.labels.fr
stateless: Optional[str] = codes.ICAO["XXA"].alpha2
to_icao: Optional[str] = codes.iso_to_icao("DE")
to_iso: Optional[str] = codes.icao_to_iso("D")
name: Optional[str] = codes.country_label("FR", "es")
language: codes.Language = codes.LANGUAGES["GER"]
sex: codes.Code = codes.SEX["F"]
version: str = ncblink.__version__

# ----- the client, as users write it


def use_client(url: str, token: str) -> None:
    with ncblink.Client(url, "FR", token=token, outbox="outbox.sqlite", request_timeout=10.0) as client:
        health: ncblink.wire.Health = client.health()
        record: ncblink.wire.NoticeRecord = client.submit_notice(envelope)
        status: ncblink.wire.NoticeStatus = record["status"]
        notice_id: Optional[str] = record.get("notice_id")
        suspended = client.suspend_notice(record["id"], datetime.datetime.now(datetime.timezone.utc), "operation")
        for summary in client.search_notices(name="Durand", type="red", limit=50):
            kind: ncblink.wire.NoticeType = summary["type"]
        result: types.CheckResult = client.check_document({"number": "X1", "issuing_state": "FRA"})
        results: list[types.CheckResult] = client.check_documents(
            {"number": str(i), "issuing_state": "FRA"} for i in range(10)
        )
        inbox = client.inbox(wait=30, follow=False).with_wait(10)
        for item in inbox:
            seq: int = item["seq"]
            inbox.ack(item)
        held: Optional[ncblink.wire.InboxItem] = inbox.skip_held()
        flushed: ncblink.wire.FlushReport = client.flush_outbox()
        for rejected in flushed["rejected"]:
            error: ncblink.Error = rejected["error"]
        pending: list[ncblink.wire.PendingWrite] = client.pending_writes()
        view: types.RecordView = client.register_record({"vehicle": {"vin": "1M8GDM9AXKP042788"}})
        client.delete_record(view["id"])
    try:
        ncblink.Client(url, "FR").health()
    except ncblink.RateLimited as e:
        wait: Optional[float] = e.retry_after
    except ncblink.HubError as e:
        problem: dict[str, object] = e.problem
    except (ncblink.ConfigError, ncblink.StorageError, ncblink.TransportError):
        pass


async def use_async_client(url: str, token: str) -> None:
    async with ncblink.AsyncClient(url, "FR", token=token) as client:
        record: ncblink.wire.NoticeRecord = await client.submit_notice(envelope)
        results: list[types.CheckResult] = await client.check_documents([{"number": "X1", "issuing_state": "FRA"}])
        async for summary in client.search_notices(name="Durand"):
            name: Optional[str] = summary.get("name")
        inbox = client.inbox(wait=5)
        async for item in inbox:
            await inbox.ack(item)


mrz: ncblink.travel.Mrz = ncblink.travel.parse_mrz("P<UTO…", mode="lenient", today=datetime.date(2024, 1, 1))
doc_check: types.DocumentCheck = mrz["document_check"]
vin: ncblink.travel.VinReport = ncblink.travel.check_vin("1M8GDM9AXKP042788")
try:
    ncblink.travel.check_vin("x")
except ncblink.VinError as e:
    vin_code: str = e.code
new_id: str = ncblink.new_message_id()
