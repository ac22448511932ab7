"""The shapes of the hub's answers, as the client returns them (plain dicts).

These mirror the Rust ``ncblink::wire`` types and the components of
``schemas/openapi.json`` (a test keeps them in step). The documents they
carry (envelopes, reports, check results, records) are the TypedDicts of
:mod:`ncblink.types`.

A required field is declared in a ``_<Name>Required`` base and the optional
ones in ``<Name>`` itself (``total=False``), which says the same as
``Required[...]`` on Python 3.9.
"""

from __future__ import annotations

from typing import List, Literal, Optional, TypedDict, Union

from ncblink.errors import Error
from ncblink.types import Database, Envelope, NcbCode, Report

__all__ = [
    "AckResponse",
    "DiffusionRecord",
    "DiffusionStatus",
    "DiffusionStatusChange",
    "Directory",
    "DirectoryEntry",
    "FlushReport",
    "Health",
    "HitNotification",
    "InboxItem",
    "InboxItemKind",
    "MessageRecord",
    "NoticeRecord",
    "NoticeStatus",
    "NoticeStatusChange",
    "NoticeStatusNotification",
    "NoticeSummary",
    "NoticeType",
    "Notification",
    "PendingWrite",
    "Jwk",
    "JwkSet",
    "KeyStatus",
    "RejectedWrite",
]

NoticeType = Literal["red", "yellow", "blue", "black", "green", "orange", "purple", "silver", "un_special"]
# A later contract version may add statuses: shown as their string.
NoticeStatus = Union[Literal[
    "draft",
    "submitted",
    "information_requested",
    "published",
    "refused",
    "suspended",
    "withdrawn",
    "cancelled",
    "deleted",
    "expired",
], str]
DiffusionStatus = Literal["held", "delivered", "refused"]
InboxItemKind = Literal["envelope", "hit_notification", "notice_status"]


class Health(TypedDict):
    """``GET /v1/health``."""

    status: str
    version: str


KeyStatus = Literal["active", "retired", "revoked"]


class _JwkRequired(TypedDict):
    kty: str
    crv: str
    x: str
    kid: str


class Jwk(_JwkRequired, total=False):
    """One signing key of an NCB as an RFC 8037 JWK (``kty`` ``OKP``, ``crv``
    ``Ed25519``, ``x`` the public key in base64url), with its lifecycle:
    ``nbf``/``exp``/``revoked_at`` in seconds since 1970, and ``status``."""

    alg: str
    use: str
    nbf: int
    exp: int
    status: KeyStatus
    revoked_at: int


class JwkSet(TypedDict):
    """An NCB's keys (``GET /v1/directory/{ncb}/keys``)."""

    keys: List[Jwk]


class DirectoryEntry(TypedDict):
    """One NCB of the network with its signing keys."""

    code: NcbCode
    name: str
    keys: List[Jwk]


class Directory(TypedDict):
    """Every NCB of the network."""

    ncbs: List[DirectoryEntry]


class _NoticeStatusChangeRequired(TypedDict):
    status: NoticeStatus
    at: str


class NoticeStatusChange(_NoticeStatusChangeRequired, total=False):
    """One step of a notice's lifecycle."""

    note: str


class _NoticeRecordRequired(TypedDict):
    id: str
    status: NoticeStatus
    status_history: List[NoticeStatusChange]
    report: Report
    envelope: Envelope


class NoticeRecord(_NoticeRecordRequired, total=False):
    """A notice request as the hub holds it; ``notice_id`` once published."""

    notice_id: str
    suspended_until: str


class _NoticeSummaryRequired(TypedDict):
    id: str
    type: NoticeType
    status: NoticeStatus
    source: NcbCode


class NoticeSummary(_NoticeSummaryRequired, total=False):
    """One notice of a search."""

    notice_id: str
    name: str
    date_of_birth: str
    nationalities: List[str]
    score: float


class _DiffusionStatusChangeRequired(TypedDict):
    status: DiffusionStatus
    at: str


class DiffusionStatusChange(_DiffusionStatusChangeRequired, total=False):
    """One step of a diffusion's handling."""

    note: str


class _DiffusionRecordRequired(TypedDict):
    id: str
    status: DiffusionStatus
    status_history: List[DiffusionStatusChange]
    report: Report
    envelope: Envelope


class DiffusionRecord(_DiffusionRecordRequired, total=False):
    """A diffusion as the hub holds it."""

    delivered_to: List[NcbCode]


class MessageRecord(TypedDict):
    """A direct message as the hub holds it."""

    id: str
    sent_at: str
    delivered_to: List[NcbCode]
    envelope: Envelope


class _HitNotificationRequired(TypedDict):
    checked_by: NcbCode
    checked_at: str
    database: Database
    record_id: str
    summary: str
    score: float


class HitNotification(_HitNotificationRequired, total=False):
    """Another NCB's checks hit one of this NCB's records: one notification
    per record, checking NCB and window, with ``count`` the hits in it."""

    count: int


class _NoticeStatusNotificationRequired(TypedDict):
    notice: str
    status: NoticeStatus
    at: str


class NoticeStatusNotification(_NoticeStatusNotificationRequired, total=False):
    """One of this NCB's notices changed status."""

    notice_id: str
    note: str
    report: Report


class Notification(TypedDict, total=False):
    """A notification: exactly one of its keys is present."""

    hit: HitNotification
    notice_status: NoticeStatusNotification


class _InboxItemRequired(TypedDict):
    seq: int
    id: str
    received_at: str
    kind: InboxItemKind


class InboxItem(_InboxItemRequired, total=False):
    """One item of an inbox: an ``envelope``, or a ``notification``."""

    envelope: Envelope
    notification: Notification


class AckResponse(TypedDict):
    """The inbox position after an acknowledgement."""

    acked_seq: int


class PendingWrite(TypedDict):
    """A write waiting in the outbox: sent again with the same key."""

    seq: int
    key: str
    method: str
    path: str
    body: Optional[bytes]
    attempts: int


class RejectedWrite(TypedDict):
    """A write the hub refused while the outbox was flushed, and why."""

    write: PendingWrite
    error: Error


class FlushReport(TypedDict):
    """What ``flush_outbox()`` did."""

    delivered: int
    rejected: List[RejectedWrite]
    remaining: int
