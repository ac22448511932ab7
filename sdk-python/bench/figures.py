"""Appends benchmark figures to the file `cargo xtask bench` names in
NCBLINK_BENCH_OUT (one JSON object per line), so that every figure of every
benchmark ends up in one table; does nothing when the variable is not set."""

import json
import os


def record(what: str, measured: str, reference: str, verdict: str) -> None:
    path = os.environ.get("NCBLINK_BENCH_OUT")
    if not path:
        return
    line = {"area": "python", "what": what, "measured": measured, "reference": reference, "verdict": verdict}
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
