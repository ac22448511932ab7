"""The shapes of ``Report.to_dict()`` and ``Violation.to_dict()``.

``Report`` and ``Violation`` themselves are compiled classes of
``ncblink._native``; this module only types their plain-data form.
"""

from __future__ import annotations

from typing import List, Literal, TypedDict

from ncblink._native import Report, Violation

__all__ = ["Report", "ReportDict", "Severity", "Violation", "ViolationDict"]

Severity = Literal["error", "warning"]


class ViolationDict(TypedDict):
    """One violation: its stable code, the JSON Pointer to the field, its
    severity, the message in the report's language and the values the
    message quotes."""

    code: str
    pointer: str
    severity: Severity
    message: str
    args: List[str]


class ReportDict(TypedDict):
    """A report: ``ok`` when there is no error (warnings allowed)."""

    ok: bool
    violations: List[ViolationDict]
