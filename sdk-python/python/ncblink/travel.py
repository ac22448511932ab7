"""Travel documents and vehicles: reading what an officer scans or types
before a check against SLTD or SMV. The rules are the Rust core's
(``ncblink::travel``): ICAO Doc 9303 machine-readable zones (TD1, TD2, TD3,
MRV-A, MRV-B) and ISO 3779 VINs.

>>> from ncblink import travel
>>> mrz = travel.parse_mrz(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
...                         "L898902C36UTO7408122F1204159ZE184226B<<<<<10"], today="2024-01-01")
>>> mrz["format"], mrz["primary_identifier"], mrz["date_of_birth"], mrz["check_digits_valid"]
('td3', 'ERIKSSON', '1974-08-12', True)
>>> mrz["document_check"]
{'number': 'L898902C3', 'issuing_state': 'UTO', 'document_type': 'passport'}
>>> travel.check_vin("1M8GDM9AXKP042788")["region"]
'north_america'

Check digits that do not verify are warnings (``MRZ.CHECK_DIGIT``): a
document under check may be forged, so it is read anyway. Text that is not
a zone or a VIN raises :class:`MrzError` or :class:`VinError`, both
``ValueError``s with the core's stable ``code``.
"""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict

from ncblink._native import check_vin, parse_mrz
from ncblink.errors import MrzError, VinError
from ncblink.types import DocumentCheck, DocumentType

__all__ = [
    "CheckDigitResult",
    "Mrz",
    "MrzError",
    "MrzFormat",
    "MrzWarning",
    "VinError",
    "VinReport",
    "VinWarning",
    "check_vin",
    "parse_mrz",
]

MrzFormat = Literal["td1", "td2", "td3", "mrv_a", "mrv_b"]


class MrzWarning(TypedDict):
    """Something a reviewer should know; the zone was still read."""

    code: str
    field: str
    message: str


class CheckDigitResult(TypedDict):
    """One check digit: the one computed, the one printed, whether they agree."""

    field: str
    expected: str
    found: str
    valid: bool


class Mrz(TypedDict):
    """A machine-readable zone as read (dates ``YYYY-MM-DD``, ``None`` when
    unknown or invalid: see ``warnings``), with the SLTD check it makes."""

    format: MrzFormat
    document_type: DocumentType
    document_code: str
    issuing_state: str
    document_number: str
    primary_identifier: str
    secondary_identifier: str
    nationality: str
    date_of_birth: Optional[str]
    sex: Optional[Literal["F", "M", "U"]]
    expiry: Optional[str]
    optional_data: str
    optional_data_2: Optional[str]
    warnings: List[MrzWarning]
    check_digits: List[CheckDigitResult]
    check_digits_valid: bool
    document_check: DocumentCheck


class VinWarning(TypedDict):
    """``VIN.CHECK_DIGIT``, ``VIN.CHECK_DIGIT_MANDATORY``, ``VIN.MODEL_YEAR`` or ``VIN.LOWERCASE``."""

    code: str
    message: str


class VinReport(TypedDict):
    """A VIN that has the form of one, with what it tells."""

    vin: str
    wmi: str
    region: Literal["africa", "asia", "europe", "north_america", "oceania", "south_america", "undetermined"]
    check_digit_expected: str
    check_digit_found: str
    check_digit_valid: bool
    model_year_char: str
    warnings: List[VinWarning]
