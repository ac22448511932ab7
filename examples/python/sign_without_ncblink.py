#!/usr/bin/env python3
"""Joins the network with standard libraries only, no ncblink: generates an
Ed25519 key, registers it for the NCB (a sandbox takes a registration with
the token alone; in production the operator provisions the first key),
signs a notice request as RFC 8785 (JCS) + Ed25519 and submits it.

    NCBLINK_HUB=http://127.0.0.1:8480 NCBLINK_NCB=FR NCBLINK_TOKEN=… \\
        python sign_without_ncblink.py tests/vectors/valid/red-notice.json

Needs `cryptography` and `rfc8785` (pip install cryptography rfc8785).
Prints the stored notice record as JSON on its last line.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request
import uuid
from typing import Any

import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uuid7() -> str:
    """A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms << 80) | (0x7 << 76) | (((rand >> 62) & 0xFFF) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
    return str(uuid.UUID(int=value))


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def sign(doc: dict[str, Any], key: Ed25519PrivateKey, kid: str) -> bytes:
    """The document with its `signature`: Ed25519 over the RFC 8785 form of
    every member but `signature`."""
    unsigned = {k: v for k, v in doc.items() if k != "signature"}
    value = key.sign(rfc8785.dumps(unsigned))
    signed = {**unsigned, "signature": {"alg": "EdDSA", "kid": kid, "value": b64url(value)}}
    return json.dumps(signed, ensure_ascii=False).encode()


def post(hub: str, token: str, path: str, body: bytes) -> Any:
    req = urllib.request.Request(
        hub + path,
        data=body,
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": uuid7()},
    )
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return json.loads(res.read())
    except urllib.error.HTTPError as e:
        sys.exit(f"{path}: HTTP {e.code}: {e.read().decode()}")


def main() -> None:
    hub, ncb, token = os.environ["NCBLINK_HUB"], os.environ["NCBLINK_NCB"], os.environ["NCBLINK_TOKEN"]
    key = Ed25519PrivateKey.generate()
    kid = f"{ncb}#py-{uuid7()[:13]}"
    public = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(public), "kid": kid, "alg": "EdDSA", "use": "sig"}
    change = {"ncb": ncb, "action": "register", "key": jwk, "created": now()}
    keys = post(hub, token, f"/v1/directory/{ncb}/keys", json.dumps(change).encode())
    print(f"registered {kid}: {ncb} has {len(keys['keys'])} key(s)")

    with open(sys.argv[1], encoding="utf-8") as f:
        notice = json.load(f)
    # A request of its own: a fresh id, made now, sent by this NCB.
    notice.update(id=uuid7(), created=now(), source=ncb)
    record = post(hub, token, "/v1/notices", sign(notice, key, kid))
    print(f"notice {record['id']}: {record['status']} {record.get('notice_id', '')}")
    print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
