"""INTERPOL's code lists, with labels in the four working languages.

The data is the Rust core's (ISO 3166-1 countries, ICAO 9303 codes with
their specials, ISO 639-2/B languages, and INTERPOL's own lists), exported
once when this module is imported; nothing here is a copy.

>>> from ncblink import codes
>>> codes.COUNTRIES["DE"].icao
'D'
>>> codes.COUNTRIES["FR"].labels.fr
'France'
>>> codes.icao_to_iso("D"), codes.iso_to_icao("DE")
('DE', 'D')
>>> codes.ICAO["XXA"].alpha2 is None   # stateless person: no country
True
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping, NamedTuple, Optional

from ncblink import _native
from ncblink._native import country_label, icao_label, icao_to_iso, iso_to_icao

__all__ = [
    "COUNTRIES",
    "DOCUMENT_TYPES",
    "EYE_COLOURS",
    "HAIR_COLOURS",
    "ICAO",
    "LANGUAGES",
    "LOSS_TYPES",
    "SEX",
    "Code",
    "Country",
    "Icao",
    "Labels",
    "Language",
    "country_label",
    "icao_label",
    "icao_to_iso",
    "iso_to_icao",
]


class Labels(NamedTuple):
    """A label in Arabic, English, French and Spanish."""

    ar: str
    en: str
    fr: str
    es: str

    def get(self, lang: str) -> str:
        """The label in ``lang`` (``"ar"``, ``"en"``, ``"fr"`` or ``"es"``)."""
        if lang not in self._fields:
            raise ValueError(f"lang must be one of 'ar', 'en', 'fr', 'es', not {lang!r}")
        return str(getattr(self, lang))


class Country(NamedTuple):
    """An ISO 3166-1 country."""

    alpha2: str
    """ISO 3166-1 alpha-2 (``"DE"``): how NCBs and notices name countries."""
    alpha3: str
    """ISO 3166-1 alpha-3 (``"DEU"``)."""
    numeric: str
    """ISO 3166-1 numeric (``"276"``)."""
    icao: str
    """The ICAO 9303 code on travel documents (``"D"`` for Germany)."""
    labels: Labels


class Icao(NamedTuple):
    """An ICAO 9303 code: a state, or a special (``XXA`` stateless, ``EUE``…)."""

    code: str
    alpha2: Optional[str]
    """The ISO alpha-2 code of the state; ``None`` for the specials."""
    labels: Labels


class Language(NamedTuple):
    """An ISO 639-2 language, keyed by its bibliographic code as INTERPOL writes it."""

    bibliographic: str
    """ISO 639-2/B in capitals (``"GER"``)."""
    terminology: str
    """ISO 639-2/T in capitals (``"DEU"``)."""
    alpha2: Optional[str]
    """ISO 639-1 (``"de"``), where there is one."""
    labels: Labels


class Code(NamedTuple):
    """A code of one of INTERPOL's own lists (sex, colours, document and loss types)."""

    code: str
    labels: Labels


_tables = _native._code_tables()


def _plain(rows: list[tuple[str, tuple[str, str, str, str]]]) -> Mapping[str, Code]:
    return MappingProxyType({code: Code(code, Labels(*lb)) for code, lb in rows})


COUNTRIES: Mapping[str, Country] = MappingProxyType(
    {a2: Country(a2, a3, num, icao, Labels(*lb)) for a2, a3, num, icao, lb in _tables["countries"]}
)
"""ISO 3166-1 alpha-2 → :class:`Country` (249 countries)."""

ICAO: Mapping[str, Icao] = MappingProxyType(
    dict(
        sorted(
            [(c.icao, Icao(c.icao, c.alpha2, c.labels)) for c in COUNTRIES.values()]
            + [(code, Icao(code, None, Labels(*lb))) for code, lb in _tables["icao_specials"]]
        )
    )
)
"""ICAO 9303 code → :class:`Icao`: every state (``D`` for Germany) and the specials."""

LANGUAGES: Mapping[str, Language] = MappingProxyType(
    {b: Language(b, term, a2 or None, Labels(*lb)) for b, term, a2, lb in _tables["languages"]}
)
"""ISO 639-2/B code → :class:`Language`."""

SEX: Mapping[str, Code] = _plain(_tables["sex"])
"""``F``, ``M``, ``U``."""
EYE_COLOURS: Mapping[str, Code] = _plain(_tables["eye_colours"])
"""INTERPOL's eye-colour codes (``BLU``, ``BRO``…)."""
HAIR_COLOURS: Mapping[str, Code] = _plain(_tables["hair_colours"])
"""INTERPOL's hair-colour codes (``BLA``, ``BLN``…)."""
DOCUMENT_TYPES: Mapping[str, Code] = _plain(_tables["document_types"])
"""Travel and identity document types (``passport``, ``identity_card``…)."""
LOSS_TYPES: Mapping[str, Code] = _plain(_tables["loss_types"])
"""Why a document is in SLTD (``stolen_blank``, ``lost``…)."""

del _tables
