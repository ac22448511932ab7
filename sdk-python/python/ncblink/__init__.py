"""ncblink: the SDK that a National Central Bureau's software uses to join
the INTERPOL cooperation network.

This package is a thin layer over the Rust core: every rule lives there.

>>> import ncblink
>>> report = ncblink.validate({"vehicle_check": {}})
>>> report.ok, report.codes
(False, ['CHECK.NO_CRITERIA'])
>>> report.violations[0].messages["fr"]
'Au moins un critère de recherche est requis'

- :func:`validate` checks a notice, diffusion or message envelope, a
  database check or a record (a dict, or JSON text as ``str`` or
  ``bytes``) and returns a :class:`Report`; :func:`validate_or_raise`
  raises :class:`ValidationError` instead of returning a report with errors.
- :mod:`ncblink.codes`: the code lists with labels in Arabic, English,
  French and Spanish.
- :mod:`ncblink.types`: ``TypedDict`` definitions of the documents,
  generated from the JSON Schemas.
- :class:`Client` (and :class:`AsyncClient` for asyncio) talks to the hub:
  notices, diffusions, messages, the inbox, records and database checks.
- :mod:`ncblink.keys`: :class:`SigningKey`, to sign what a client sends.
- :mod:`ncblink.travel`: machine-readable zones and VINs.
- :mod:`ncblink.wire`: ``TypedDict`` definitions of the hub's answers.
- :mod:`ncblink.errors`: the exceptions.

A report is truthy when it is ``ok`` (no errors, warnings allowed), so
``if ncblink.validate(doc): send(doc)`` reads as it should; ``len(report)``
counts every violation.
"""

from ncblink import codes, errors, keys, travel, types, wire
from ncblink._native import (
    VIOLATION_CODES,
    WORKING_LANGUAGES,
    Report,
    Violation,
    __version__,
    new_message_id,
    validate,
    validate_or_raise,
)
from ncblink.client import AsyncClient, Client
from ncblink.keys import SigningKey
from ncblink.errors import (
    ConfigError,
    Conflict,
    Error,
    Forbidden,
    HubError,
    MrzError,
    NotFound,
    RateLimited,
    SignatureError,
    SignatureKeyUnknown,
    StorageError,
    Timeout,
    TransportError,
    Unauthorized,
    ValidationError,
    VinError,
)

__all__ = [
    "VIOLATION_CODES",
    "WORKING_LANGUAGES",
    "AsyncClient",
    "Client",
    "ConfigError",
    "Conflict",
    "Error",
    "Forbidden",
    "HubError",
    "MrzError",
    "NotFound",
    "RateLimited",
    "Report",
    "SignatureError",
    "SignatureKeyUnknown",
    "SigningKey",
    "StorageError",
    "Timeout",
    "TransportError",
    "Unauthorized",
    "ValidationError",
    "VinError",
    "Violation",
    "__version__",
    "codes",
    "errors",
    "keys",
    "new_message_id",
    "travel",
    "types",
    "validate",
    "validate_or_raise",
    "wire",
]
