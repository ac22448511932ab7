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
