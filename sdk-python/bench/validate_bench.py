#!/usr/bin/env python3
"""How fast ncblink.validate is against the usual Python validators, on the
same documents and the same schemas. A script that prints a table, not a test:
`cargo xtask py-bench [N]` builds the release wheel, makes a venv with the
competitors, generates the pydantic models and runs it.

The documents are the shared vectors (tests/vectors) that are JSON, valid and
invalid, cycled to N documents (10,000 by default). Every validator gets
dicts, as Python code has them; ncblink is also timed on JSON bytes.

- jsonschema: Draft202012Validator over schemas/<kind>.schema.json,
  `is_valid` (stops at the first error, its fastest mode);
- fastjsonschema: `compile` of the same schemas. It implements drafts 4, 6,
  7 and 2019-09, not 2020-12: it compiles a 2020-12 schema with its newest
  draft, so `prefixItems` goes unchecked (the table's notes say where). A
  schema it refused would be retried without `$schema`, with a note;
- pydantic v2: models generated from the same schemas by
  datamodel-code-generator (`--output-model-type pydantic_v2.BaseModel`),
  `model_validate`.

The validators do not check the same things: the schemas carry the structure
only, ncblink also runs the RPD rules and the code lists, so the "accepted"
column differs. The machine is shared and noisy: each figure is the best of
--repeat runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import pathlib
import sys
import time
from typing import Any, Callable, Optional

import figures

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
SCHEMAS = ROOT / "schemas"
KINDS = ("envelope", "check", "record")
# The class datamodel-code-generator names after each schema's title.
ROOT_MODELS = {"envelope": "Envelope", "check": "Check", "record": "Record"}


def documents(n: int) -> tuple[list[tuple[str, Any, bytes]], str]:
    manifest = json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))
    pool = []
    for entry in manifest["vectors"]:
        raw = (VECTORS / entry["file"]).read_bytes()
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        pool.append((entry["kind"], doc, json.dumps(doc).encode()))
    return list(itertools.islice(itertools.cycle(pool), n)), str(manifest["now"])


Check = Callable[[str, Any, bytes], bool]


def time_it(check: Check, docs: list[tuple[str, Any, bytes]], repeat: int) -> tuple[float, int]:
    """Best docs/s over `repeat` runs, and how many documents were accepted."""
    for kind, doc, raw in docs[:200]:  # warm up
        check(kind, doc, raw)
    best = float("inf")
    accepted = 0
    for _ in range(repeat):
        accepted = 0
        start = time.perf_counter()
        for kind, doc, raw in docs:
            accepted += check(kind, doc, raw)
        best = min(best, time.perf_counter() - start)
    return len(docs) / best, accepted


def ncblink_checks(now: str) -> dict[str, Check]:
    import ncblink

    def on_dict(kind: str, doc: Any, raw: bytes) -> bool:
        return ncblink.validate(doc, kind=kind, now=now).ok  # type: ignore[arg-type]

    def on_bytes(kind: str, doc: Any, raw: bytes) -> bool:
        return ncblink.validate(raw, kind=kind, now=now).ok  # type: ignore[arg-type]

    def detected(kind: str, doc: Any, raw: bytes) -> bool:
        return ncblink.validate(doc, now=now).ok

    return {
        "ncblink, dict": on_dict,
        "ncblink, JSON bytes": on_bytes,
        "ncblink, dict, kind detected": detected,
    }


def schemas() -> dict[str, dict[str, Any]]:
    return {k: json.loads((SCHEMAS / f"{k}.schema.json").read_text(encoding="utf-8")) for k in KINDS}


def jsonschema_check() -> Check:
    from jsonschema import Draft202012Validator

    validators = {k: Draft202012Validator(s) for k, s in schemas().items()}

    def check(kind: str, doc: Any, raw: bytes) -> bool:
        return bool(validators[kind].is_valid(doc))

    return check


def fastjsonschema_check(notes: list[str]) -> Check:
    import fastjsonschema

    compiled = {}
    for kind, schema in schemas().items():
        if "2020-12" in schema.get("$schema", "") and "prefixItems" in json.dumps(schema):
            notes.append(
                f"fastjsonschema has no 2020-12 draft: it compiled {kind}.schema.json with its newest "
                "(2019-09), which does not check prefixItems"
            )
        try:
            compiled[kind] = fastjsonschema.compile(schema)
        except Exception as e:  # noqa: BLE001 - any refusal falls back
            fallback = {k: v for k, v in schema.items() if k != "$schema"}
            compiled[kind] = fastjsonschema.compile(fallback)
            notes.append(f"fastjsonschema refused {kind}.schema.json as 2020-12 ({type(e).__name__}: {e}); compiled as draft 7")

    def check(kind: str, doc: Any, raw: bytes) -> bool:
        try:
            compiled[kind](doc)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    return check


def pydantic_check(models: pathlib.Path) -> Check:
    import pydantic

    classes = {}
    for kind in KINDS:
        path = models / f"models_{kind}.py"
        spec = importlib.util.spec_from_file_location(f"bench_models_{kind}", path)
        assert spec and spec.loader, path
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        classes[kind] = getattr(module, ROOT_MODELS[kind])

    def check(kind: str, doc: Any, raw: bytes) -> bool:
        try:
            classes[kind].model_validate(doc)
            return True
        except pydantic.ValidationError:
            return False

    return check


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=10_000, help="documents per run (default 10000)")
    parser.add_argument("--models", type=pathlib.Path, required=True, help="the generated pydantic models")
    parser.add_argument("--repeat", type=int, default=3, help="runs per validator; the best counts (default 3)")
    args = parser.parse_args()

    docs, now = documents(args.n)
    kinds = {k: sum(1 for d in docs if d[0] == k) for k in KINDS}
    print(f"{len(docs)} documents ({', '.join(f'{v} {k}' for k, v in kinds.items())}), best of {args.repeat} runs")

    notes: list[str] = []
    checks: dict[str, Check] = dict(ncblink_checks(now))
    checks["jsonschema (Draft 2020-12, is_valid)"] = jsonschema_check()
    checks["fastjsonschema (compiled)"] = fastjsonschema_check(notes)
    checks["pydantic v2 (generated models)"] = pydantic_check(args.models)

    results: dict[str, tuple[float, int]] = {}
    for name, check in checks.items():
        results[name] = time_it(check, docs, args.repeat)

    base = results["ncblink, dict"][0]
    width = max(len(n) for n in results)
    print()
    print(f"{'validator':<{width}}  {'docs/s':>10}  {'µs/doc':>8}  {'ncblink (dict) is':>18}  {'accepted':>9}")
    print(f"{'-' * width}  {'-' * 10}  {'-' * 8}  {'-' * 18}  {'-' * 9}")
    for name, (rate, accepted) in results.items():
        if name == "ncblink, dict":
            ratio = ""
        elif base >= rate:
            ratio = f"{base / rate:.1f}x faster"
        else:
            ratio = f"{rate / base:.1f}x slower"
        print(f"{name:<{width}}  {rate:>10,.0f}  {1e6 / rate:>8.1f}  {ratio:>18}  {accepted:>9}")
    print()

    targets: list[tuple[str, str, float]] = [
        ("jsonschema (Draft 2020-12, is_valid)", ">= 20x jsonschema", 20.0),
        ("fastjsonschema (compiled)", ">= 2x fastjsonschema", 2.0),
        ("pydantic v2 (generated models)", "no slower than pydantic", 1.0),
    ]
    figures.record(f"validate {len(docs)} documents, ncblink from dicts", f"{base:,.0f} docs/s", "-", "-")
    for name, label, factor in targets:
        got: Optional[float] = base / results[name][0] if name in results else None
        verdict = "met" if got is not None and got >= factor else "MISSED"
        print(f"target {label}: {verdict} ({got:.1f}x)" if got is not None else f"target {label}: not run")
        if got is not None:
            figures.record(
                f"validate, ncblink (dict) against {name}",
                f"{got:.1f}x ({results[name][0]:,.0f} docs/s for the peer)",
                label,
                verdict,
            )
    for note in notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
