"""Signing keys: an NCB signs what it sends, and every request that
changes state, with an Ed25519 key whose public part is in the hub's
directory under its ``kid``.

>>> from ncblink.keys import SigningKey
>>> key = SigningKey.generate("FR#2026-01")
>>> key
SigningKey(kid='FR#2026-01')
>>> key.public_jwk()["crv"]
'Ed25519'
>>> SigningKey.from_bytes(key.secret_bytes(), key.kid).public_key == key.public_key
True

A key is read from the file ``ncblink keys generate`` writes
(:meth:`SigningKey.from_file`), from PEM PKCS#8 text as OpenSSL and
``cryptography`` write it (:meth:`SigningKey.from_pem`), or from its 32 raw
bytes (:meth:`SigningKey.from_bytes`); the reading is the Rust core's. Give
it to a client (``Client(url, "FR", token=..., signing_key=key)``), which
then signs everything it sends; register, rotate and revoke keys with
:meth:`ncblink.Client.register_key`, :meth:`~ncblink.Client.rotate_key` and
:meth:`~ncblink.Client.revoke_key`.
"""

from ncblink._native import SigningKey

__all__ = ["SigningKey"]
