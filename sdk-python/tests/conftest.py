"""Shared fixtures. The test modules import nothing from each other (pytest
runs with --import-mode=importlib, against the installed wheel): each finds
the workspace's shared vectors from its own path.

The client's tests run against the real hub: the `ncblink-hub` binary
(`NCBLINK_HUB_BIN`, which `cargo xtask py-test` sets after building it),
started in sandbox mode on a free loopback port with a database file of its
own. The sandbox makes the demo NCBs (FR, DE, IT, ES, US, MA, BR, JP, GB,
RU) with signing keys it keeps in that file; the tests read a key from there
to sign as FR, the way an NCB's key would be provisioned.
"""

from __future__ import annotations

import base64
import copy
import datetime
import json
import os
import pathlib
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from typing import Any, Callable, Iterator, Optional

import pytest

import ncblink

ROOT = pathlib.Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
DEMO_NCBS = ("FR", "DE", "IT", "ES", "US", "MA", "BR", "JP", "GB", "RU")


@pytest.fixture(scope="session")
def now() -> str:
    """The instant the manifest's verdicts hold at."""
    return str(json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))["now"])


def load_vector(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((VECTORS / "valid" / name).read_text(encoding="utf-8"))
    return data


@pytest.fixture
def valid() -> Callable[[str], dict[str, Any]]:
    """Loads a valid vector as a dict (a fresh copy each call)."""
    return load_vector


# ----- the hub


def hub_binary() -> str:
    path = os.environ.get("NCBLINK_HUB_BIN") or str(ROOT / "target" / "debug" / "ncblink-hub")
    if not os.path.isfile(path):
        pytest.fail(f"no hub binary at {path}: run `cargo build -p ncblink-hub` or set NCBLINK_HUB_BIN")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Hub:
    """A running `ncblink-hub --sandbox`: its URL, every demo NCB's token
    (as it prints them) and its database file."""

    def __init__(self, directory: pathlib.Path, port: int = 0, *extra: str) -> None:
        self.db = directory / "hub.sqlite"
        self.log = open(directory / "hub.log", "wb")  # noqa: SIM115 - closed in stop()
        self.keys = directory / "keys"
        args = [hub_binary(), "--sandbox", "--db", str(self.db), "--listen", f"127.0.0.1:{port}"]
        args += ["--sandbox-keys", str(self.keys)]
        for ncb in ("FR", "DE", "IT"):
            args += ["--token", f"{ncb}=token-{ncb}"]
        self.process = subprocess.Popen(
            [*args, *extra],
            stdout=subprocess.PIPE,
            stderr=self.log,
            stdin=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "RUST_LOG": "warn"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.url = ""
        self.tokens: dict[str, str] = {}
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            self._parse()
            if self.url and all(n in self.tokens for n in DEMO_NCBS) and self._healthy():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the hub did not start: {self.lines}")

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _parse(self) -> None:
        for line in list(self.lines):
            if "listening on " in line:
                self.url = line.split("listening on ", 1)[1].strip()
            parts = line.split()
            if len(parts) == 2 and parts[0] in DEMO_NCBS and line.startswith("  "):
                self.tokens[parts[0]] = parts[1]

    def _healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/v1/health", timeout=1) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    def signing_key(self, ncb: str) -> tuple[bytes, str]:
        """The demo NCB's secret signing key and its id, as the sandbox
        writes them for any program (``--sandbox-keys DIR``)."""
        text = (self.keys / f"{ncb}.key").read_text().strip()
        kid = (self.keys / f"{ncb}.kid").read_text().strip()
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), kid

    def _options(self, ncb: str, signed: bool, options: dict[str, Any]) -> dict[str, Any]:
        options.setdefault("token", self.tokens[ncb])
        options.setdefault("request_timeout", 10.0)
        if signed and "signing_key" not in options:
            options["signing_key"], options["kid"] = self.signing_key(ncb)
        return options

    def client(self, ncb: str, *, signed: bool = True, **options: Any) -> ncblink.Client:
        """A client of a demo NCB, signing with its key unless `signed=False`
        (every inbox verifies what it hands over)."""
        return ncblink.Client(self.url, ncb, **self._options(ncb, signed, options))

    def async_client(self, ncb: str, *, signed: bool = True, **options: Any) -> ncblink.AsyncClient:
        return ncblink.AsyncClient(self.url, ncb, **self._options(ncb, signed, options))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.log.close()


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """One hub for the session (tests use distinct NCBs or fresh ids where
    they must not see each other's traffic)."""
    h = Hub(tmp_path_factory.mktemp("hub"))
    yield h
    h.stop()


@pytest.fixture
def start_hub(tmp_path: pathlib.Path) -> Iterator[Callable[..., Hub]]:
    """Starts a hub of the test's own (on a given port, with extra flags)."""
    started: list[Hub] = []

    def start(port: int = 0, *extra: str) -> Hub:
        directory = tmp_path / f"hub{len(started)}"
        directory.mkdir()
        h = Hub(directory, port, *extra)
        started.append(h)
        return h

    yield start
    for h in started:
        h.stop()


# ----- documents


def fresh(doc: dict[str, Any], source: Optional[str] = None, to: Optional[list[str]] = None) -> dict[str, Any]:
    """An envelope vector made new: a new id, created now, from `source`,
    to `to` (NCB codes) when given."""
    env = copy.deepcopy(doc)
    env["id"] = ncblink.new_message_id()
    env["created"] = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
    env.pop("signature", None)
    env.pop("correlation_id", None)
    if source is not None:
        env["source"] = source
        deny = env.get("access", {}).get("deny")
        if deny:
            env["access"]["deny"] = [d for d in deny if d != source]
    if to is not None:
        env["recipients"] = {"ncbs": to}
    return env


@pytest.fixture
def red_notice() -> Callable[[str], dict[str, Any]]:
    """The shared Red Notice, made new, from the given NCB."""
    return lambda source: fresh(load_vector("red-notice.json"), source)


@pytest.fixture
def message() -> Callable[..., dict[str, Any]]:
    """A direct message from one NCB to others."""

    def make(source: str, to: list[str], title: str = "Request for information") -> dict[str, Any]:
        env = fresh(load_vector("message.json"), source, to)
        env["body"]["message"]["title"] = title
        return env

    return make
