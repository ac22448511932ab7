"""The client's events through `logging`: one record per request on the
logger ``ncblink`` with method, path, status, duration and retries, and
never a secret; the build module's quick start, built then sent."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Callable

import pytest

import ncblink


def test_one_record_per_request_without_secrets(hub: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ncblink")
    with hub.client("FR") as fr:
        fr.health()
        with pytest.raises(ncblink.NotFound):
            fr.get_notice("2026-999999")
    requests = [r for r in caplog.records if r.name == "ncblink" and hasattr(r, "path")]
    assert [(r.method, r.path, r.status) for r in requests] == [  # type: ignore[attr-defined]
        ("GET", "/v1/health", 200),
        ("GET", "/v1/notices/2026-999999", 404),
    ]
    for r in requests:
        assert r.retries == 0 and r.duration_ms >= 0  # type: ignore[attr-defined]
    text = caplog.text
    assert hub.tokens["FR"] not in text and "Bearer" not in text


def test_the_async_client_logs_on_the_loop_thread(hub: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="ncblink")

    async def main() -> None:
        async with hub.async_client("FR") as fr:
            await fr.health()

    asyncio.run(main())
    assert any(getattr(r, "path", None) == "/v1/health" for r in caplog.records)


def test_quick_start_builds_and_sends_a_notice(hub: Any, valid: Callable[[str], dict[str, Any]]) -> None:
    notice = valid("yellow-missing-person.json")["body"]["notice"]
    envelope = ncblink.build.notice(notice, source="FR")
    with hub.client("FR") as fr:
        record = fr.submit_notice(envelope)
    # The sandbox reviews at once: published (a real hub answers "submitted").
    assert record["envelope"]["id"] == envelope["id"] and record["status"] == "published"



def test_a_refused_notices_report_reads_in_any_language(valid: Callable[[str], dict[str, Any]]) -> None:
    # A record's `report` is a dict (as the hub sends it); Report.from_dict
    # gives it back its messages, in the language asked for.
    red = valid("red-notice.json")["body"]["notice"]
    charges = red["red"]["judicial"]["charges"]
    del charges[1:]
    charges[0]["max_penalty_months"] = 12
    with pytest.raises(ncblink.ValidationError) as refused:
        ncblink.build.notice(red, source="FR")
    as_sent = {"violations": [{k: v for k, v in d.items() if k != "message"} for d in refused.value.report.to_dict()["violations"]]}
    report = ncblink.Report.from_dict(as_sent, "ar")
    assert report.codes == ["RPD83.PENALTY_THRESHOLD"] and report.lang == "ar"
    assert report.violations[0].messages["ar"] == report.violations[0].message
    with pytest.raises(TypeError, match="data"):
        ncblink.Report.from_dict(7)  # type: ignore[arg-type]
