#!/usr/bin/env python3
"""Checks every shared vector against the committed JSON Schemas with an
independent validator (Python's jsonschema, draft 2020-12): valid vectors
and those whose faults are semantic must pass; structural errors must be
rejected. Run by `cargo xtask test` in a venv it makes."""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"


def main():
    manifest = json.loads((VECTORS / "manifest.json").read_text())
    validators = {}
    passed = failed = 0
    for v in manifest["vectors"]:
        kind = v["kind"]
        if kind not in validators:
            schema = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text())
            Draft202012Validator.check_schema(schema)
            validators[kind] = Draft202012Validator(schema)
        raw = (VECTORS / v["file"]).read_bytes()
        try:
            doc = json.loads(raw.decode("utf-8"))
            errors = list(validators[kind].iter_errors(doc))
        except (UnicodeDecodeError, ValueError, RecursionError) as e:
            errors = [e]
        accepted = not errors
        if accepted == v["schema_valid"]:
            passed += 1
        else:
            failed += 1
            why = "; ".join(str(getattr(e, "message", e))[:200] for e in errors[:3])
            print(f"FAIL {v['file']}: schema_valid={v['schema_valid']} but accepted={accepted} {why}")
    # The documents of an invented 1.1: the published schemas let a
    # receiver accept them (docs/compatibility.md).
    future = json.loads((VECTORS / "future" / "manifest.json").read_text())
    if "envelope" not in validators:
        validators["envelope"] = Draft202012Validator(json.loads((ROOT / "schemas" / "envelope.schema.json").read_text()))
    for d in future["documents"]:
        doc = json.loads((VECTORS / d["file"]).read_text(encoding="utf-8"))
        errors = list(validators["envelope"].iter_errors(doc))
        if errors:
            failed += 1
            print(f"FAIL {d['file']}: a later minor version's document is refused: {errors[0].message[:200]}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
