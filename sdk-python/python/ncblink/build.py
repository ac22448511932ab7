"""Building what you send from its business fields.

Each function takes the content and the choices that are yours and
returns the complete envelope: a UUIDv7 ``id``, ``schema_version``,
``created``, for a notice ``expires`` and ``review_due`` (the longest
retention the rules allow), recipients, purpose and working language
defaulted by the Rust core's rules, then validated. A draft that breaks a
rule raises :class:`ncblink.ValidationError`, whose ``report`` names each
violation in the four working languages.

>>> import ncblink
>>> env = ncblink.build.message(source="FR", to=["DE"], title="Demande",
...                             text="Bonjour", text_language="FRE")
>>> env["language"], env["recipients"]
('fr', {'ncbs': ['DE']})
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Optional, TypedDict, Union, cast

from ncblink import _native, types

if TYPE_CHECKING:
    from typing_extensions import Unpack

__all__ = ["DraftOptions", "diffusion", "message", "notice"]


class DraftOptions(TypedDict, total=False):
    """The envelope members you may choose; each is defaulted when absent."""

    purpose: types.Purpose
    """The processing purpose (default: the notice type's, or the diffusion's)."""
    language: types.WorkingLanguage
    """The working language (default: the main text's, else ``"en"``)."""
    classification: types.ClassificationLevel
    """INTERPOL's level (default ``"official_use_only"``)."""
    national_marking: str
    """Your national marking, as you write it."""
    legal_basis: str
    """The legal basis, as you state it."""
    handling: list[types.HandlingMarking]
    """Handling markings (TLP 2.0, Europol H-codes, free text)."""
    access: types.AccessRestrictions
    """Which NCBs may see it (``allow`` / ``deny``)."""
    expires: Union[datetime.datetime, str]
    """The expiry (default for a notice: the latest the rules allow)."""
    correlation_id: str
    """Groups the documents of one case."""
    in_reply_to: str
    """The id of the document this one answers."""


def _codes(name: str, value: Any) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise TypeError(f"{name} must be a sequence of NCB codes (['DE']), not {type(value).__name__}")
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"{name} must hold NCB codes as str, not {type(item).__name__}")
    return list(value)


def _draft(
    source: str, body: dict[str, Any], recipients: Optional[Sequence[str]], options: Any, to: str = "recipients"
) -> types.Envelope:
    if not isinstance(source, str):
        raise TypeError(f"source must be an NCB code as str, not {type(source).__name__}")
    unknown = sorted(set(options) - set(DraftOptions.__annotations__))
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    draft: dict[str, Any] = {"source": source, "body": body}
    if recipients is not None:
        draft["recipients"] = _codes(to, recipients)
    for key, value in options.items():
        if key == "expires" and isinstance(value, datetime.datetime):
            if value.tzinfo is None:
                raise TypeError("expires must be an aware datetime (with tzinfo)")
            value = value.isoformat()
        draft[key] = value
    return cast("types.Envelope", _native.build_envelope(draft))


def notice(
    notice: types.Notice,
    *,
    source: str,
    recipients: Optional[Sequence[str]] = None,
    **options: Unpack[DraftOptions],
) -> types.Envelope:
    """The envelope of a notice request from ``source``.

    ``notice`` is the notice with its type as key (``{"yellow": {...}}``);
    ``recipients`` defaults to every NCB. Raises
    :class:`ncblink.ValidationError` when the notice breaks a rule,
    ``TypeError`` naming the argument of a wrong type.
    """
    if not isinstance(notice, dict):
        raise TypeError(f"notice must be a dict ({{'red': {{...}}}}), not {type(notice).__name__}")
    return _draft(source, {"notice": notice}, recipients, options)


def diffusion(
    diffusion: types.Diffusion,
    *,
    source: str,
    to: Sequence[str],
    **options: Unpack[DraftOptions],
) -> types.Envelope:
    """The envelope of a diffusion from ``source`` to the NCBs ``to``."""
    if not isinstance(diffusion, dict):
        raise TypeError(f"diffusion must be a dict, not {type(diffusion).__name__}")
    return _draft(source, {"diffusion": diffusion}, to, options, "to")


def message(
    *,
    source: str,
    to: Sequence[str],
    title: str,
    text: str,
    text_language: str,
    case_reference: Optional[str] = None,
    **options: Unpack[DraftOptions],
) -> types.Envelope:
    """The envelope of a direct message from ``source`` to the NCBs ``to``.

    ``text_language`` is the ISO 639-2/B code of ``text`` (``"FRE"``); the
    envelope's working language follows from it unless ``language=`` says.
    """
    for name, value in (("title", title), ("text", text), ("text_language", text_language)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be str, not {type(value).__name__}")
    body: dict[str, Any] = {"title": title, "text": {"language": text_language, "text": text}}
    if case_reference is not None:
        if not isinstance(case_reference, str):
            raise TypeError(f"case_reference must be str, not {type(case_reference).__name__}")
        body["case_reference"] = case_reference
    return _draft(source, {"message": body}, to, options, "to")
