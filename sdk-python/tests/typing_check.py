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
