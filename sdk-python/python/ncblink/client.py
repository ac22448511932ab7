"""The hub clients: :class:`Client` for synchronous code and
:class:`AsyncClient` for asyncio.

Both are thin: the compiled module runs the Rust core's client on a tokio
runtime that each client object owns. ``Client`` blocks the calling thread
with the GIL released (other threads run; Ctrl-C interrupts a call within
a fraction of a second). ``AsyncClient``'s methods are coroutines over the
same calls; cancelling the task that awaits one cancels the request.

Documents go in as dicts (or JSON text) and answers come back as dicts,
typed by :mod:`ncblink.types` and :mod:`ncblink.wire`. A client must be
created in the process that uses it: after ``os.fork()`` the child gets
``ncblink.Error`` (use the ``spawn`` start method, or create the client in
the child).
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Any, Iterable, Optional, Type, Union

from ncblink import _native
from ncblink._native import AsyncInbox, AsyncSearch, Client, Inbox, SearchIter, SigningKey
from ncblink.types import (
    CheckResult,
    DocumentCheck,
    Envelope,
    FirearmCheck,
    PersonCheck,
    Record,
    RecordView,
    VehicleCheck,
)
from ncblink.wire import (
    AckResponse,
    DiffusionRecord,
    Directory,
    FlushReport,
    Health,
    JwkSet,
    MessageRecord,
    NoticeRecord,
    PendingWrite,
)

__all__ = ["AsyncClient", "AsyncInbox", "AsyncSearch", "Client", "Inbox", "SearchIter"]

# What a document argument may be: a dict (any mapping), or JSON text.
_Doc = Union[Envelope, "dict[str, Any]", str, bytes, bytearray]
_Path = Union[str, "os.PathLike[str]"]
_File = Union[_Path, bytes]


class AsyncClient:
    """A client of the hub for one NCB, for asyncio: the operations of
    :class:`Client` as coroutines, and async iterators for
    :meth:`search_notices` and :meth:`inbox`.

    >>> async def main() -> None:                       # doctest: +SKIP
    ...     async with ncblink.AsyncClient(url, "FR", token=token) as client:
    ...         result = await client.check_document({"number": "X1", "issuing_state": "FRA"})
    ...         inbox = client.inbox(wait=10)
    ...         async for item in inbox:
    ...             await inbox.ack(item)
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        hub_url: str,
        ncb: str,
        *,
        token: Optional[str] = None,
        cert: Optional[_File] = None,
        key: Optional[_File] = None,
        ca: Optional[_File] = None,
        signing_key: Optional[Union[_File, SigningKey]] = None,
        kid: Optional[str] = None,
        outbox: Optional[_Path] = None,
        connect_timeout: float = 5.0,
        request_timeout: float = 30.0,
        max_retries: int = 4,
        batch_concurrency: int = 4,
        forward_unknown: bool = False,
    ) -> None:
        self._native = _native.AsyncClient(
            hub_url,
            ncb,
            token=token,
            cert=cert,
            key=key,
            ca=ca,
            signing_key=signing_key,
            kid=kid,
            outbox=outbox,
            connect_timeout=connect_timeout,
            request_timeout=request_timeout,
            max_retries=max_retries,
            batch_concurrency=batch_concurrency,
            forward_unknown=forward_unknown,
        )

    @property
    def hub_url(self) -> str:
        """The hub's URL (without any credentials it carried)."""
        return self._native.hub_url

    @property
    def ncb(self) -> str:
        """The NCB this client acts for."""
        return self._native.ncb

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._native.closed

    def close(self) -> None:
        """Stops the client; calls still in flight fail with ``ncblink.Error``."""
        self._native.close()

    async def aclose(self) -> None:
        """:meth:`close`, for ``contextlib.aclosing`` and the like."""
        self._native.close()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self._native.close()

    def __repr__(self) -> str:
        return repr(self._native)

    async def health(self) -> Health:
        """``GET /v1/health``."""
        return await self._native.health()

    async def directory(self) -> Directory:
        """The NCB directory with the public signing keys."""
        return await self._native.directory()

    async def keys(self, ncb: str) -> JwkSet:
        """One NCB's public keys as a JWK Set."""
        return await self._native.keys(ncb)

    async def register_key(self, key: Union[SigningKey, str], kid: Optional[str] = None) -> JwkSet:
        """Publishes a key of this client's NCB: a :class:`SigningKey` (its
        public part), or a public key in base64url with its ``kid``. Signed
        by the client's signing key (a sandbox also takes it with the token
        alone)."""
        return await self._native.register_key(key, kid)

    async def rotate_key(self, key: SigningKey) -> JwkSet:
        """Registers ``key``, signs with it from now on and retires the previous key."""
        return await self._native.rotate_key(key)

    async def retire_key(self, kid: str) -> JwkSet:
        """Retires key ``kid``: it signs nothing new; what it signed still verifies."""
        return await self._native.retire_key(kid)

    async def revoke_key(self, kid: str) -> JwkSet:
        """Revokes key ``kid``: nothing created from now on verifies with it."""
        return await self._native.revoke_key(kid)

    async def verify(self, envelope: _Doc) -> None:
        """Verifies an envelope's signature; raises ``SignatureError`` if it does not hold."""
        await self._native.verify(envelope)

    async def submit_notice(self, envelope: _Doc) -> NoticeRecord:
        """Submits a notice request."""
        return await self._native.submit_notice(envelope)

    async def get_notice(self, id: str) -> NoticeRecord:
        """A notice by envelope id or INTERPOL id."""
        return await self._native.get_notice(id)

    async def update_notice(self, id: str, envelope: _Doc) -> NoticeRecord:
        """Replaces a notice request (its source only)."""
        return await self._native.update_notice(id, envelope)

    async def withdraw_notice(self, id: str, reason: str) -> NoticeRecord:
        """Withdraws a notice."""
        return await self._native.withdraw_notice(id, reason)

    async def suspend_notice(self, id: str, until: Any, reason: Optional[str] = None) -> NoticeRecord:
        """Suspends a notice until ``until`` (an aware ``datetime`` or RFC 3339 text)."""
        return await self._native.suspend_notice(id, until, reason)

    async def resume_notice(self, id: str) -> NoticeRecord:
        """Ends a suspension."""
        return await self._native.resume_notice(id)

    def search_notices(self, **filters: Any) -> AsyncSearch:
        """The notices matching the filters (``type``, ``status``, ``name``,
        ``date_of_birth``, ``nationality``, ``source``, ``limit`` per page),
        as an async iterator that fetches a page at a time."""
        return self._native.search_notices(**filters)

    async def send_diffusion(self, envelope: _Doc) -> DiffusionRecord:
        """Sends a diffusion."""
        return await self._native.send_diffusion(envelope)

    async def get_diffusion(self, id: str) -> DiffusionRecord:
        """A diffusion by id."""
        return await self._native.get_diffusion(id)

    async def get_message(self, id: str) -> MessageRecord:
        """A direct message this NCB sent or received, by id."""
        return await self._native.get_message(id)

    async def send_message(self, envelope: _Doc) -> MessageRecord:
        """Sends a direct message."""
        return await self._native.send_message(envelope)

    def inbox(self, wait: float = 30, follow: bool = False) -> AsyncInbox:
        """The inbox as an async iterator (see :meth:`Client.inbox`)."""
        return self._native.inbox(wait, follow)

    async def ack_inbox(self, seq: int) -> AckResponse:
        """Acknowledges every inbox item up to ``seq``."""
        return await self._native.ack_inbox(seq)

    async def register_record(self, record: Union[Record, "dict[str, Any]", str, bytes]) -> RecordView:
        """Registers a lost or stolen document, a stolen vehicle or firearm."""
        return await self._native.register_record(record)

    async def get_record(self, id: str) -> RecordView:
        """The full record behind a hit."""
        return await self._native.get_record(id)

    async def delete_record(self, id: str) -> None:
        """Removes a record this NCB registered."""
        await self._native.delete_record(id)

    async def check_document(self, check: Union[DocumentCheck, "dict[str, Any]", str, bytes]) -> CheckResult:
        """Checks one travel document against SLTD."""
        return await self._native.check_document(check)

    async def check_vehicle(self, check: Union[VehicleCheck, "dict[str, Any]", str, bytes]) -> CheckResult:
        """Checks one vehicle against SMV."""
        return await self._native.check_vehicle(check)

    async def check_person(self, check: Union[PersonCheck, "dict[str, Any]", str, bytes]) -> CheckResult:
        """Checks one person against notices and nominal data."""
        return await self._native.check_person(check)

    async def check_firearm(self, check: Union[FirearmCheck, "dict[str, Any]", str, bytes]) -> CheckResult:
        """Checks one firearm against iARMS."""
        return await self._native.check_firearm(check)

    async def check_documents(self, checks: Iterable[Any]) -> "list[CheckResult]":
        """Checks many travel documents (any iterable), in requests of at
        most 1,000 run ``batch_concurrency`` at once; results in input order."""
        return await self._native.check_documents(checks)

    async def check_vehicles(self, checks: Iterable[Any]) -> "list[CheckResult]":
        """Checks many vehicles."""
        return await self._native.check_vehicles(checks)

    async def check_persons(self, checks: Iterable[Any]) -> "list[CheckResult]":
        """Checks many persons."""
        return await self._native.check_persons(checks)

    async def check_firearms(self, checks: Iterable[Any]) -> "list[CheckResult]":
        """Checks many firearms."""
        return await self._native.check_firearms(checks)

    async def flush_outbox(self) -> FlushReport:
        """Sends again the writes left in the outbox, oldest first."""
        return await self._native.flush_outbox()

    async def pending_writes(self) -> "list[PendingWrite]":
        """The writes waiting in the outbox."""
        return await self._native.pending_writes()
