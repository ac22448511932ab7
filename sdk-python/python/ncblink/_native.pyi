# The compiled module ncblink._native (sdk-python/src/). Written by hand and
# checked against the built module by `python -m mypy.stubtest ncblink`.

import datetime
from typing import Any, Iterator, Literal, Mapping, Optional, TypedDict, Union, final

from ncblink.report import ReportDict, ViolationDict

__all__ = [
    "_code_tables",
    "country_label",
    "icao_label",
    "icao_to_iso",
    "iso_to_icao",
    "_error_classes",
    "Report",
    "Violation",
    "validate",
    "validate_or_raise",
    "__version__",
    "VIOLATION_CODES",
    "WORKING_LANGUAGES",
]

__version__: str
VIOLATION_CODES: tuple[str, ...]
WORKING_LANGUAGES: tuple[str, ...]

_Lang = Literal["ar", "en", "fr", "es"]
_Kind = Literal["envelope", "check", "record"]
# A document: parsed JSON (a dict, or a list, which is never a valid
# document but gets a report), or JSON text.
_Document = Union[Mapping[str, Any], list[Any], tuple[Any, ...], str, bytes, bytearray]

@final
class Violation:
    @property
    def code(self) -> str: ...
    @property
    def pointer(self) -> str: ...
    @property
    def severity(self) -> Literal["error", "warning"]: ...
    @property
    def message(self) -> str: ...
    @property
    def messages(self) -> dict[str, str]: ...
    @property
    def args(self) -> tuple[str, ...]: ...
    def to_dict(self) -> ViolationDict: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

@final
class Report:
    @property
    def ok(self) -> bool: ...
    @property
    def lang(self) -> _Lang: ...
    @property
    def violations(self) -> list[Violation]: ...
    @property
    def errors(self) -> list[Violation]: ...
    @property
    def warnings(self) -> list[Violation]: ...
    @property
    def codes(self) -> list[str]: ...
    def has(self, code: str) -> bool: ...
    def to_dict(self) -> ReportDict: ...
    def __len__(self) -> int: ...
    def __bool__(self) -> bool: ...
    def __iter__(self) -> Iterator[Violation]: ...
    def __eq__(self, other: object, /) -> bool: ...
    __hash__: None  # type: ignore[assignment]

def validate(
    doc: _Document,
    lang: _Lang = "en",
    *,
    kind: Optional[_Kind] = None,
    now: Union[datetime.datetime, str, None] = None,
) -> Report: ...
def validate_or_raise(
    doc: _Document,
    lang: _Lang = "en",
    *,
    kind: Optional[_Kind] = None,
    now: Union[datetime.datetime, str, None] = None,
) -> Report: ...
def country_label(code: str, lang: _Lang = "en") -> Optional[str]: ...
def icao_label(code: str, lang: _Lang = "en") -> Optional[str]: ...
def iso_to_icao(code: str) -> Optional[str]: ...
def icao_to_iso(code: str) -> Optional[str]: ...

_LabelRow = tuple[str, str, str, str]

class _CodeTables(TypedDict):
    countries: list[tuple[str, str, str, str, _LabelRow]]
    icao_specials: list[tuple[str, _LabelRow]]
    languages: list[tuple[str, str, str, _LabelRow]]
    sex: list[tuple[str, _LabelRow]]
    eye_colours: list[tuple[str, _LabelRow]]
    hair_colours: list[tuple[str, _LabelRow]]
    document_types: list[tuple[str, _LabelRow]]
    loss_types: list[tuple[str, _LabelRow]]

def _code_tables() -> _CodeTables: ...
def _error_classes() -> dict[str, type[Exception]]: ...
