"""ncblink.keys and the client's key operations, against a real hub that
requires signatures: a key read from the sandbox's key file, from PEM or
raw bytes; every change of state signed by the client; rotation and
revocation; bad keys refused with a clear error."""

from __future__ import annotations

import asyncio
import base64
import datetime
import json
import pathlib
import urllib.error
import urllib.request
from typing import Any, Callable

import pytest

import ncblink
from ncblink.keys import SigningKey

Env = Callable[..., dict[str, Any]]


def test_keys_generate_load_and_never_show_their_secret(tmp_path: pathlib.Path) -> None:
    key = SigningKey.generate("FR#py-1")
    assert repr(key) == "SigningKey(kid='FR#py-1')"
    secret = key.secret_bytes()
    assert len(secret) == 32 and secret.hex() not in repr(key)
    jwk = key.public_jwk()
    assert (jwk["kty"], jwk["crv"], jwk["kid"], jwk["x"]) == ("OKP", "Ed25519", "FR#py-1", key.public_key)
    path = tmp_path / "fr.key"
    path.write_text(key.export())
    assert SigningKey.from_file(path, "FR#py-1").public_key == key.public_key
    assert SigningKey.from_bytes(secret, "FR#py-1").public_key == key.public_key


def test_a_pem_key_from_cryptography_signs_the_same() -> None:
    serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    private = ed25519.Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    expected = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    assert SigningKey.from_pem(pem, "FR#pem").public_key == expected
    assert SigningKey.from_pem(pem.decode(), "FR#pem").public_key == expected


@pytest.mark.parametrize(
    "make",
    [
        lambda: SigningKey.from_bytes(b"\x01" * 31, "FR#x"),
        lambda: SigningKey.from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "FR#x"),
        lambda: SigningKey.from_pem("not a pem", "FR#x"),
        lambda: SigningKey.generate(""),
    ],
)
def test_bad_keys_are_refused_with_a_clear_error(make: Callable[[], SigningKey]) -> None:
    with pytest.raises(ValueError, match="signing key|kid"):
        make()


def test_a_key_file_of_another_kind_is_refused(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "bad.key"
    path.write_text("not a key\n")
    with pytest.raises(ValueError, match="signing key") as e:
        SigningKey.from_file(path, "FR#x")
    assert "not a key" not in str(e.value), "errors never quote the file"


def test_every_change_of_state_is_signed_on_a_strict_hub(start_hub: Any, red_notice: Env) -> None:
    hub = start_hub(0, "--require-signatures")
    fr_key = SigningKey.from_file(hub.keys / "FR.key", (hub.keys / "FR.kid").read_text().strip())
    with ncblink.Client(hub.url, "FR", token=hub.tokens["FR"], signing_key=fr_key) as fr:
        record = fr.submit_notice(red_notice("FR"))
        assert record["status"] == "published", record["report"]
        until = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
        assert fr.suspend_notice(record["notice_id"], until)["status"] == "suspended"
        assert fr.resume_notice(record["notice_id"])["status"] == "published"
        assert fr.withdraw_notice(record["notice_id"], "arrested")["status"] == "withdrawn"
    with ncblink.Client(hub.url, "FR", token=hub.tokens["FR"]) as anonymous:
        with pytest.raises(ncblink.Forbidden, match="SIGNATURE_REQUIRED|signed"):
            anonymous.withdraw_notice(record["notice_id"], "again")


def test_rotate_and_revoke_through_the_client(start_hub: Any, message: Env) -> None:
    hub = start_hub(0, "--require-signatures")
    fr = hub.client("FR")
    de = hub.client("DE")
    old_kid = hub.signing_key("FR")[1]
    before = fr.send_message(message("FR", ["DE"]))
    new = SigningKey.generate("FR#py-next")
    keys = {k["kid"]: k for k in fr.rotate_key(new)["keys"]}
    assert keys[old_kid]["status"] == "retired" and keys["FR#py-next"]["status"] == "active"
    after = fr.send_message(message("FR", ["DE"]))
    assert after["envelope"]["signature"]["kid"] == "FR#py-next"
    de.verify(after["envelope"])
    de.verify(before["envelope"])
    assert fr.keys("FR") == {"keys": list(keys.values())}

    spare = SigningKey.generate("FR#py-spare")
    assert any(k["kid"] == "FR#py-spare" for k in fr.register_key(spare)["keys"])
    revoked = {k["kid"]: k for k in fr.revoke_key("FR#py-spare")["keys"]}
    assert revoked["FR#py-spare"]["status"] == "revoked"
    with pytest.raises(ValueError, match="kid"):
        fr.register_key(spare.public_key)


def test_the_async_client_has_the_same_key_operations(start_hub: Any) -> None:
    hub = start_hub(0, "--require-signatures")

    async def main() -> None:
        async with hub.async_client("FR") as fr:
            spare = SigningKey.generate("FR#async")
            keys = await fr.register_key(spare.public_key, "FR#async")
            assert any(k["kid"] == "FR#async" for k in keys["keys"])
            assert (await fr.retire_key("FR#async"))["keys"][-1]["status"] == "retired"
            rotated = await fr.rotate_key(SigningKey.generate("FR#async-2"))
            assert any(k["kid"] == "FR#async-2" and k["status"] == "active" for k in rotated["keys"])
            revoked = await fr.revoke_key("FR#async-2")
            assert any(k["kid"] == "FR#async-2" and k["status"] == "revoked" for k in revoked["keys"])
            assert (await fr.keys("FR"))["keys"] == revoked["keys"]

    asyncio.run(main())


def test_an_independent_implementation_signs_a_status_change(start_hub: Any, red_notice: Env) -> None:
    """A signed request made with `cryptography` + `rfc8785` only (no
    ncblink): `authorship` and `signature` over the RFC 8785 form of the
    body; the hub applies it once and refuses it replayed."""
    rfc8785 = pytest.importorskip("rfc8785")
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    hub = start_hub(0, "--require-signatures")
    record = hub.client("FR").submit_notice(red_notice("FR"))
    notice_id = record["notice_id"].replace("/", "-")
    secret, kid = hub.signing_key("FR")
    key = ed25519.Ed25519PrivateKey.from_private_bytes(secret)
    now = datetime.datetime.now(datetime.timezone.utc)
    body = {
        "until": (now + datetime.timedelta(days=30)).isoformat(),
        "authorship": {"ncb": "FR", "action": "suspend", "target": notice_id, "created": now.isoformat()},
    }
    value = base64.urlsafe_b64encode(key.sign(rfc8785.dumps(body))).rstrip(b"=").decode()
    signed = json.dumps({**body, "signature": {"alg": "EdDSA", "kid": kid, "value": value}}).encode()

    def post() -> tuple[int, dict[str, Any]]:
        req = urllib.request.Request(
            f"{hub.url}/v1/notices/{notice_id}/suspend",
            data=signed,
            method="POST",
            headers={
                "Authorization": f"Bearer {hub.tokens['FR']}",
                "Content-Type": "application/json",
                "Idempotency-Key": ncblink.new_message_id(),
            },
        )
        try:
            with urllib.request.urlopen(req, timeout=10) as res:
                return res.status, json.loads(res.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    status, answer = post()
    assert (status, answer.get("status")) == (200, "suspended"), answer
    status, answer = post()
    assert (status, answer["code"]) == (403, "SIGNATURE_REPLAYED"), answer
