"""ncblink.build: envelopes from business fields, defaulted and validated
by the core."""

from __future__ import annotations

import datetime
from typing import Any, Callable

import pytest

import ncblink

Loader = Callable[[str], dict[str, Any]]


def test_a_notice_gets_id_dates_retention_purpose_and_recipients(valid: Loader) -> None:
    notice = valid("yellow-missing-person.json")["body"]["notice"]
    env = ncblink.build.notice(notice, source="ES")
    assert env["recipients"] == "all" and env["purpose"] == "locate_missing_person"
    assert env["schema_version"] == "1.0" and env["id"][14] == "7"
    created = datetime.datetime.fromisoformat(env["created"].replace("Z", "+00:00"))
    expires = datetime.datetime.fromisoformat(env["expires"].replace("Z", "+00:00"))
    review = datetime.datetime.fromisoformat(env["review_due"].replace("Z", "+00:00"))
    assert 4 * 365 < (expires - created).days <= 5 * 366 and review < expires
    assert ncblink.validate(env).ok


def test_a_message_takes_the_language_of_its_text() -> None:
    env = ncblink.build.message(
        source="FR", to=["DE"], title="Demande", text="Bonjour", text_language="FRE", classification="restricted"
    )
    assert env["language"] == "fr" and env["recipients"] == {"ncbs": ["DE"]}
    assert env["classification"] == {"level": "restricted"} and "expires" not in env


def test_a_refused_draft_raises_with_the_full_report() -> None:
    with pytest.raises(ncblink.ValidationError) as raised:
        ncblink.build.message(source="FR", to=[], title="t", text="x", text_language="FRE")
    report = raised.value.report
    assert report.codes == ["ENVELOPE.NO_RECIPIENT"]
    assert report.violations[0].messages["ar"]


def test_wrong_types_name_their_argument() -> None:
    with pytest.raises(TypeError, match="^to must"):
        ncblink.build.message(source="FR", to="DE", title="t", text="x", text_language="FRE")
    with pytest.raises(TypeError, match="^source must"):
        ncblink.build.notice({}, source=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="'langage'"):
        ncblink.build.message(source="FR", to=["DE"], title="t", text="x", text_language="FRE", langage="fr")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="^expires must be an aware"):
        ncblink.build.message(
            source="FR", to=["DE"], title="t", text="x", text_language="FRE", expires=datetime.datetime(2030, 1, 1)
        )
