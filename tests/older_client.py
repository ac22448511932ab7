#!/usr/bin/env python3
"""The older client's side of issue 12's compatibility test: every current
valid vector (tests/vectors, kinds envelope, check and record) read through
the previous release's schemas (tests/fixtures/wire-0.1, before
`schema_version`), tolerantly, as a receiver that ignores unknown members
would: nothing the older model requires may be missing, renamed or
retyped. Envelopes are checked as the current SDK sends them, with
`schema_version`. (The 0.1 SDK itself refused unknown members and unknown
codes, which is why docs/compatibility.md says to upgrade receivers
first.) Run by `cargo
xtask test` in its venv (jsonschema)."""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator

ROOT = pathlib.Path(__file__).resolve().parent.parent
VECTORS = ROOT / "tests" / "vectors"
OLD = ROOT / "tests" / "fixtures" / "wire-0.1"


def open_enum(key, value):
    """A list of string codes read as a tolerant receiver reads them: any
    string (a later minor version may add codes; docs/compatibility.md)."""
    return key == "enum" and isinstance(value, list) and all(isinstance(c, str) for c in value)


def tolerant(schema):
    """The schema with every `additionalProperties: false` dropped and
    every code list open, as a receiver of the tolerant generation reads it;
    members that are required, renamed or retyped still fail."""
    if isinstance(schema, dict):
        for key in ("oneOf", "anyOf"):
            alts = schema.get(key)
            # A documented code list: one `const` per code.
            if isinstance(alts, list) and alts and all(
                    isinstance(a, dict) and isinstance(a.get("const"), str) for a in alts):
                return {"type": "string"}
        out = {k: tolerant(v) for k, v in schema.items()
               if not (k == "additionalProperties" and v is False) and not open_enum(k, v)}
        if any(open_enum(k, v) for k, v in schema.items()) and "type" not in out:
            out["type"] = "string"
        return out
    if isinstance(schema, list):
        return [tolerant(v) for v in schema]
    return schema


def main():
    manifest = json.loads((VECTORS / "manifest.json").read_text())
    loose = {}
    passed = failed = 0
    for v in manifest["vectors"]:
        kind = v["kind"]
        if not v["file"].startswith("valid/") or not (OLD / f"{kind}.schema.json").exists():
            continue
        if kind not in loose:
            schema = json.loads((OLD / f"{kind}.schema.json").read_text())
            loose[kind] = Draft202012Validator(tolerant(schema))
        doc = json.loads((VECTORS / v["file"]).read_text(encoding="utf-8"))
        if kind == "envelope":
            doc = {"schema_version": "1.0", **doc}
        errors = list(loose[kind].iter_errors(doc))
        if errors:
            failed += 1
            print(f"FAIL {v['file']}: the 0.1 model cannot read it: {errors[0].message[:200]}")
        else:
            passed += 1
    if passed == 0:
        print("FAIL no vector was checked")
        return 1
    print(f"older client: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
