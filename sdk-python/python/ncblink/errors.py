"""The exceptions of ncblink, in one place.

Every exception the package raises for its own reasons derives from
:class:`Error`, and also from the built-in that describes it best, so that
code written against the built-ins keeps working: ``ValidationError`` is a
``ValueError``, ``Timeout`` a ``TimeoutError``, ``NotFound`` a
``LookupError``, ``TransportError`` a ``ConnectionError``.

The Rust side raises these very classes (it looks them up here), so there is
one definition of each. The client's configuration errors are
``ConfigError`` (also a ``ValueError``) and failures of its local outbox file
``StorageError`` (also an ``OSError``); using a client after ``close()`` or
in a process forked from the one that created it raises plain ``Error``. Wrong argument types are plain ``TypeError`` and
wrong argument values plain ``ValueError``, as in the standard library.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Optional

if TYPE_CHECKING:
    from ncblink._native import Report

__all__ = [
    "ConfigError",
    "Conflict",
    "ConnectError",
    "DnsError",
    "Error",
    "Forbidden",
    "HubError",
    "MrzError",
    "NotFound",
    "RateLimited",
    "SignatureError",
    "SignatureKeyUnknown",
    "StorageError",
    "Timeout",
    "TlsError",
    "TransportError",
    "Unauthorized",
    "ValidationError",
    "VinError",
]


class Error(Exception):
    """The base of every ncblink error.

    ``status`` is the HTTP status of the hub's answer and ``problem`` its
    RFC 9457 problem details, when the error is an answer from the hub;
    both are ``None`` otherwise.
    """

    status: Optional[int]
    problem: Optional[dict[str, Any]]

    def __init__(
        self,
        message: str = "",
        *,
        status: Optional[int] = None,
        problem: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.problem = dict(problem) if problem is not None else None


class ValidationError(Error, ValueError):
    """A document broke at least one rule; ``report`` says which.

    ``str(error)`` lists the errors in the report's language.
    """

    report: Report

    def __init__(self, report: Report) -> None:
        errors = report.errors
        first = "; ".join(f"{v.code} at {v.pointer or '/'}" for v in errors[:3])
        more = f" and {len(errors) - 3} more" if len(errors) > 3 else ""
        super().__init__(f"{len(errors)} validation error(s): {first}{more}\n{report}")
        self.report = report

    def __reduce__(self) -> tuple[type[ValidationError], tuple[Report]]:
        # Rebuilt from the report (which pickles), not from the message.
        return (type(self), (self.report,))


class Timeout(Error, TimeoutError):
    """The hub did not answer in time (connect or request timeout)."""


class Unauthorized(Error):
    """The hub did not accept the credentials (HTTP 401)."""


class Forbidden(Error):
    """The NCB may not do this or see this (HTTP 403, access restrictions)."""


class NotFound(Error, LookupError):
    """No such notice, message or record (HTTP 404)."""


class Conflict(Error):
    """The request conflicts with the state on the hub (HTTP 409)."""


class RateLimited(Error):
    """Too many requests (HTTP 429); ``retry_after`` is in seconds, if the hub said."""

    retry_after: Optional[float]

    def __init__(
        self,
        message: str = "",
        *,
        retry_after: Optional[float] = None,
        status: Optional[int] = 429,
        problem: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message, status=status, problem=problem)
        self.retry_after = retry_after


class TransportError(Error, ConnectionError):
    """No answer from the hub: DNS, connection, TLS or a broken stream.

    The subclasses say which step failed: :class:`ConnectError` (and its
    :class:`DnsError`) and :class:`TlsError`; a plain ``TransportError`` is a
    connection that broke or an answer that was not HTTP.
    """


class ConnectError(TransportError):
    """No connection to the hub (refused, unreachable)."""


class DnsError(ConnectError):
    """The hub's name did not resolve."""


class TlsError(TransportError):
    """The TLS handshake failed: a CA the client does not trust (see
    ``Client(..., trust_os_store=True)`` on networks that re-sign TLS), a
    wrong name, a refused client certificate."""


class HubError(Error):
    """Any other error answer of the hub; ``problem`` holds its problem details."""

    problem: dict[str, Any]

    def __init__(
        self,
        message: str = "",
        *,
        status: Optional[int] = None,
        problem: Optional[Mapping[str, Any]] = None,
    ) -> None:
        super().__init__(message, status=status, problem=problem if problem is not None else {})


class SignatureError(Error):
    """A signature is missing, malformed or does not verify."""


class SignatureKeyUnknown(SignatureError):
    """The signature names a key (kid) that is not the sender's in the
    directory, even after the directory was fetched again."""


class ConfigError(Error, ValueError):
    """The client's configuration is wrong: an NCB code that is not one, a
    hub URL that is not http(s), a certificate or key that does not load,
    an envelope whose ``source`` is not the client's NCB."""


class StorageError(Error, OSError):
    """The client's local outbox file (SQLite) could not be opened or written."""


class MrzError(Error, ValueError):
    """The text is not a machine-readable zone (:func:`ncblink.travel.parse_mrz`).

    ``code`` is the core's stable code (``MRZ.LINE_LENGTH``, ``MRZ.CHARSET``…);
    ``field``, ``line`` and ``position`` (1-based) say where, when known.
    Check digits that do not verify are warnings in the result, never this.
    """

    code: str
    field: Optional[str]
    line: Optional[int]
    position: Optional[int]

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "",
        field: Optional[str] = None,
        line: Optional[int] = None,
        position: Optional[int] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.line = line
        self.position = position


class VinError(Error, ValueError):
    """The text is not a VIN (:func:`ncblink.travel.check_vin`); ``code`` is
    ``VIN.LENGTH``, ``VIN.FORBIDDEN_LETTER`` or ``VIN.CHARSET``, ``position``
    the 1-based position of the offending character when there is one."""

    code: str
    position: Optional[int]

    def __init__(self, message: str = "", *, code: str = "", position: Optional[int] = None) -> None:
        super().__init__(message)
        self.code = code
        self.position = position
