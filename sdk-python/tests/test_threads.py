"""Several threads validating at once get the results a serial run gets
(the GIL is released while the core works)."""

from __future__ import annotations

import json
import pathlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import ncblink

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"
MANIFEST = json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))


def documents() -> list[tuple[Any, str]]:
    out: list[tuple[Any, str]] = []
    for entry in MANIFEST["vectors"]:
        raw = (VECTORS / entry["file"]).read_bytes()
        if len(raw) > 100_000:
            continue
        out.append((raw, entry["kind"]))
        try:
            out.append((json.loads(raw), entry["kind"]))
        except ValueError:
            pass
    return out


def run(job: tuple[Any, str]) -> dict[str, Any]:
    doc, kind = job
    return ncblink.validate(doc, "fr", kind=kind, now=MANIFEST["now"]).to_dict()  # type: ignore[arg-type]


def test_threads_agree_with_a_serial_run() -> None:
    jobs = documents() * 20
    serial = [run(j) for j in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(run, jobs))
    assert parallel == serial
    assert any(not r["ok"] for r in serial) and any(r["ok"] for r in serial)


def test_threads_raise_what_a_serial_run_raises() -> None:
    def bad(_: int) -> str:
        try:
            ncblink.validate({"a": {1, 2}})
        except TypeError as e:
            return str(e)
        return "no error"

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(bad, range(64))) == {"/a: an object of type set is not JSON"}
