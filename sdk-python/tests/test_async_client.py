"""ncblink.AsyncClient end to end against the real hub: the same
operations as coroutines, async iteration of searches and the inbox,
concurrency on one loop, and cancellation."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from typing import Any, Callable

import pytest

import ncblink

Env = Callable[..., dict[str, Any]]


def test_every_operation(hub: Any, red_notice: Env, message: Env) -> None:
    async def main() -> None:
        async with hub.async_client("FR") as fr, hub.async_client("ES") as es:
            assert (await fr.health())["status"] == "ok"
            assert any(n["code"] == "ES" for n in (await fr.directory())["ncbs"])

            family = "ASYNCNAME" + uuid.uuid4().hex[:6].upper()
            ids = []
            for _ in range(3):
                env = red_notice("FR")
                env["body"]["notice"]["red"]["subject"]["family_name"] = family
                record = await fr.submit_notice(env)
                assert record["status"] == "published"
                ids.append(record["id"])
            notice_id = record["notice_id"]
            assert (await es.get_notice(notice_id))["id"] == ids[-1]
            found = [n["id"] async for n in es.search_notices(name=family, limit=2)]
            assert sorted(found) == sorted(ids)

            replacement = dict(record["envelope"])
            replacement.pop("signature")
            replacement["legal_basis"] = "renewed"
            assert (await fr.update_notice(notice_id, replacement))["envelope"]["legal_basis"] == "renewed"
            until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=10)
            assert (await fr.suspend_notice(notice_id, until))["status"] == "suspended"
            assert (await fr.resume_notice(notice_id))["status"] == "published"
            assert (await fr.withdraw_notice(notice_id, "done"))["status"] == "withdrawn"
            with pytest.raises(ncblink.Conflict):
                await fr.resume_notice(notice_id)

            diffusion = message("FR", ["ES"])
            diffusion["body"] = {
                "diffusion": {
                    "purpose": "information",
                    "dispatch": "direct",
                    "text": {"language": "ENG", "text": "A diffusion"},
                }
            }
            d = await fr.send_diffusion(diffusion)
            assert (await fr.get_diffusion(d["id"]))["id"] == d["id"]
            m = await fr.send_message(message("FR", ["ES"], "async"))
            await fr.verify(m["envelope"])

            inbox = es.inbox(wait=2)
            assert inbox.__aiter__() is inbox
            received = []
            async for item in inbox:
                received.append(item["id"])
                await inbox.ack(item)
            assert received[-2:] == [d["id"], m["id"]]
            assert [i async for i in es.inbox(wait=0)] == []
            assert (await es.ack_inbox(1))["acked_seq"] >= 1

            number = "19FR" + uuid.uuid4().hex[:5].upper()
            record_view = await fr.register_record(
                {"travel_document": {"number": number, "issuing_state": "FRA", "document_type": "passport", "loss_type": "lost"}}
            )
            hit = await es.check_document({"number": number, "issuing_state": "FRA"})
            assert hit["outcome"] == "hit"
            assert (await es.get_record(hit["hits"][0]["record_id"]))["id"] == record_view["id"]
            assert (await es.check_vehicle({"vin": "1M8GDM9AXKP042788"}))["outcome"] == "no_hit"
            # A family name alone is corroborated by the date of birth (issue 11).
            person = {"family_name": family, "date_of_birth": "1978"}
            assert (await es.check_person(person))["outcome"] == "hit"
            assert (await es.check_firearm({"serial_number": "NOPE"}))["outcome"] == "no_hit"
            assert len(await es.check_vehicles([{"vin": "1M8GDM9AXKP042788"}])) == 1
            assert len(await es.check_persons([person])) == 1
            assert len(await es.check_firearms(iter([{"serial_number": "NOPE"}]))) == 1
            assert await fr.delete_record(record_view["id"]) is None
            with pytest.raises(ncblink.NotFound):
                await es.get_record(record_view["id"])
            assert await fr.pending_writes() == []
            assert (await fr.flush_outbox())["delivered"] == 0
        assert fr.closed

    asyncio.run(main())


def test_batch_of_2500_from_a_generator(hub: Any) -> None:
    async def main() -> None:
        number = "19FR" + uuid.uuid4().hex[:5].upper()
        await hub.async_client("FR").register_record(
            {"travel_document": {"number": number, "issuing_state": "FRA", "document_type": "passport", "loss_type": "lost"}}
        )
        checks = ({"number": number if i % 500 == 7 else f"N{i}", "issuing_state": "FRA"} for i in range(2500))
        results = await hub.async_client("IT").check_documents(checks)
        assert [i for i, r in enumerate(results) if r["outcome"] == "hit"] == [7, 507, 1007, 1507, 2007]

    asyncio.run(main())


def test_many_calls_at_once_on_one_loop(hub: Any) -> None:
    async def main() -> None:
        client = hub.async_client("IT")
        calls = [client.check_document({"number": f"C{i}", "issuing_state": "ITA"}) for i in range(200)]
        results = await asyncio.gather(*calls)
        assert [r["outcome"] for r in results] == ["no_hit"] * 200
        # Coroutines: create_task takes them.
        task = asyncio.create_task(client.health())
        assert (await task)["status"] == "ok"

    asyncio.run(main())


def test_errors_arrive_as_exceptions(hub: Any, message: Env) -> None:
    async def main() -> None:
        with pytest.raises(ncblink.Unauthorized):
            await ncblink.AsyncClient(hub.url, "FR", token="wrong").check_document({"number": "X", "issuing_state": "D"})
        with pytest.raises(ncblink.ValidationError) as info:
            await hub.async_client("FR").send_message(message("FR", []))
        assert info.value.report.has("ENVELOPE.NO_RECIPIENT")
        with pytest.raises(ncblink.ValidationError):
            await hub.async_client("FR").check_vehicle({})
        with pytest.raises(TypeError):
            await hub.async_client("FR").check_document(None)  # type: ignore[arg-type]
        with pytest.raises(ncblink.SignatureError):
            await hub.async_client("FR", signed=False).verify(message("FR", ["DE"]))

    asyncio.run(main())


def test_cancelling_the_task_cancels_the_request(start_hub: Any) -> None:
    hub = start_hub()

    async def main() -> None:
        client = hub.async_client("BR")
        inbox = client.inbox(wait=30)
        started = asyncio.get_running_loop().time()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(inbox.__anext__(), 0.5)
        assert asyncio.get_running_loop().time() - started < 2
        # The Rust task was aborted: it let go of the inbox at once.
        for _ in range(50):
            try:
                assert inbox.skip_held() is None
                break
            except RuntimeError:
                await asyncio.sleep(0.02)
        else:
            pytest.fail("the aborted poll still holds the inbox")
        task = asyncio.create_task(client.health())
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert (await client.health())["status"] == "ok"

    asyncio.run(main())


def test_a_closed_client_fails_its_calls(hub: Any) -> None:
    async def main() -> None:
        client = hub.async_client("FR")
        await client.aclose()
        with pytest.raises(ncblink.Error, match="closed"):
            await client.health()
        assert "closed" in repr(client)

    asyncio.run(main())


def test_closing_with_calls_in_flight_fails_them_instead_of_hanging(start_hub: Any) -> None:
    hub = start_hub()

    async def main() -> None:
        client = hub.async_client("GB")
        poll = asyncio.ensure_future(client.inbox(wait=30).__anext__())
        await asyncio.sleep(0.3)
        client.close()
        with pytest.raises(ncblink.Error, match="cancelled"):
            await asyncio.wait_for(poll, 5)

    asyncio.run(main())


def test_a_call_needs_a_running_loop(hub: Any) -> None:
    native = ncblink._native.AsyncClient(hub.url, "FR", token=hub.tokens["FR"])
    with pytest.raises(RuntimeError):
        native.health()


def test_inbox_reads_cut_by_wait_for_lose_nothing(start_hub: Any, message: Env, tmp_path: Any) -> None:
    """A consumer whose reads `asyncio.wait_for` cancels at every stage
    (waiting for the page, verifying, handing the item over) handles every
    message, each once."""
    hub = start_hub()
    count = 200

    async def main() -> None:
        async with hub.async_client("FR") as fr, hub.async_client("DE", outbox=tmp_path / "de.sqlite") as de:
            sent: set[str] = set()
            for start in range(0, count, 20):
                batch = [fr.send_message(message("FR", ["DE"], f"m{i}")) for i in range(start, start + 20)]
                sent.update(r["id"] for r in await asyncio.gather(*batch))
            inbox = de.inbox(wait=1)
            handled: list[str] = []
            cut = 0
            for attempt in range(100 * count):
                if len(handled) == count:
                    break
                try:
                    # From 1 to 40 ms: many reads are cut somewhere, and a
                    # loaded machine still completes some.
                    item = await asyncio.wait_for(inbox.__anext__(), 0.001 * (1 + attempt % 40))
                except asyncio.TimeoutError:
                    cut += 1
                    continue
                except StopAsyncIteration:
                    continue
                handled.append(item["id"])
                await inbox.ack(item)
            assert len(handled) == len(set(handled)), "an item handed over twice"
            assert set(handled) == sent, f"{len(set(handled))} of {count} handled after {attempt + 1} reads"
            assert cut > 0

    asyncio.run(main())
