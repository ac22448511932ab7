"""An independent signer and verifier for ncblink documents: Python's
`rfc8785` (JCS) and `cryptography` (Ed25519), no ncblink. The conformance
test (hub/tests/conformance.rs, run by `cargo xtask test`) drives it:

    standard_signer.py sign KEY_HEX KID IN_DIR OUT_DIR [--fresh]
        signs every *.json of IN_DIR (with --fresh: a new UUIDv7 `id` and
        `created` set to now first) into OUT_DIR
    standard_signer.py verify PUBLIC_HEX IN_DIR
        verifies every *.json of IN_DIR; exit 1 on the first failure
    standard_signer.py jcs VECTOR_DIR
        checks rfc8785 against the RFC 8785 vectors (numbers.tsv,
        strings.json)

Each prints one line: what it did and how many documents.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import pathlib
import struct
import sys
import time
import uuid

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def uuid7() -> str:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms << 80) | (0x7 << 76) | ((rand >> 62) & 0xFFF) << 64 | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def signing_input(doc: dict) -> bytes:
    """RFC 8785 of the document without its top-level `signature`."""
    return rfc8785.dumps({k: v for k, v in doc.items() if k != "signature"})


def sign(doc: dict, key: Ed25519PrivateKey, kid: str) -> dict:
    value = key.sign(signing_input(doc))
    return {**doc, "signature": {"alg": "EdDSA", "kid": kid, "value": b64url(value)}}


def verify(doc: dict, key: Ed25519PublicKey) -> None:
    sig = doc["signature"]
    if sig.get("alg") != "EdDSA":
        raise InvalidSignature(f"alg {sig.get('alg')!r}")
    key.verify(unb64url(sig["value"]), signing_input(doc))


def no_duplicates(pairs: list) -> dict:
    names = [k for k, _ in pairs]
    if len(names) != len(set(names)):
        raise ValueError(f"duplicate member names in {names}")
    return dict(pairs)


def main(argv: list[str]) -> int:
    cmd = argv[0]
    if cmd == "sign":
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(argv[1]))
        kid, src, out = argv[2], pathlib.Path(argv[3]), pathlib.Path(argv[4])
        fresh = "--fresh" in argv
        out.mkdir(parents=True, exist_ok=True)
        n = 0
        for path in sorted(src.glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates)
            if fresh:
                doc["id"] = uuid7()
                doc["created"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
            (out / path.name).write_text(json.dumps(sign(doc, key, kid), ensure_ascii=False, indent=1), encoding="utf-8")
            n += 1
        print(f"python signed {n} documents")
    elif cmd == "verify":
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(argv[1]))
        n = 0
        for path in sorted(pathlib.Path(argv[2]).glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=no_duplicates)
            try:
                verify(doc, key)
            except InvalidSignature:
                print(f"{path.name}: the signature does not verify", file=sys.stderr)
                return 1
            n += 1
        print(f"python verified {n} documents")
    elif cmd == "jcs":
        folder = pathlib.Path(argv[1])
        n = 0
        for line in (folder / "numbers.tsv").read_text().splitlines():
            if line.startswith("#") or not line.strip():
                continue
            bits, want = line.split("\t")
            got = rfc8785.dumps(struct.unpack(">d", bytes.fromhex(bits))[0]).decode()
            if got != want:
                print(f"number {bits}: {got} != {want}", file=sys.stderr)
                return 1
            n += 1
        for case in json.loads((folder / "strings.json").read_text(encoding="utf-8"))["cases"]:
            got = rfc8785.dumps(json.loads(case["input"])).decode()
            if got != case["output"]:
                print(f"{case['name']}: {got} != {case['output']}", file=sys.stderr)
                return 1
            n += 1
        print(f"python rfc8785 agrees with {n} RFC 8785 vectors")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
