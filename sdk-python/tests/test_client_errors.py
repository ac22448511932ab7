"""Every error kind of the client reaches Python as its exception class,
with `.status`, `.problem`, `.retry_after` and `.report`; bad arguments are
TypeErrors and ValueErrors that say what is wrong; secrets never show."""

from __future__ import annotations

import datetime
import http.server
import json
import pathlib
import socket
import threading
import time
from typing import Any, Callable, Iterator

import pytest

import ncblink

Env = Callable[..., dict[str, Any]]
CHECK = {"number": "X1234567", "issuing_state": "FRA"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Scripted(http.server.BaseHTTPRequestHandler):
    """Answers every request with the server's `answer`: (status, headers,
    body, delay in seconds)."""

    def _answer(self) -> None:
        status, headers, body, delay = self.server.answer  # type: ignore[attr-defined]
        time.sleep(delay)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def scripted() -> Iterator[Callable[..., str]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def serve(status: int, body: Any, headers: dict[str, str] | None = None, delay: float = 0.0) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
        server.daemon_threads = True
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        server.answer = (status, {"Content-Type": "application/problem+json", **(headers or {})}, data, delay)  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield serve
    for s in servers:
        s.shutdown()
        s.server_close()


def problem(code: str, status: int, title: str) -> dict[str, Any]:
    return {"type": f"urn:ncblink:problem:{code.lower()}", "title": title, "status": status, "code": code}


def test_a_wrong_token_is_unauthorized_and_never_shown(hub: Any) -> None:
    client = ncblink.Client(hub.url, "FR", token="s3cr3t-wrong-token")
    with pytest.raises(ncblink.Unauthorized) as info:
        client.check_document(CHECK)
    e = info.value
    assert e.status == 401 and e.problem is not None and e.problem["code"] == "UNAUTHENTICATED"
    for text in (str(e), repr(e), repr(client), json.dumps(e.problem)):
        assert "s3cr3t" not in text
    assert repr(client) == f"Client(hub_url={hub.url!r}, ncb='FR')"
    assert "s3cr3t" not in repr(ncblink.Client("https://user:pw-s3cr3t@hub.example", "FR", token="s3cr3t"))


def test_no_token_is_unauthorized(hub: Any) -> None:
    with pytest.raises(ncblink.Unauthorized):
        ncblink.Client(hub.url, "FR").get_notice("2026-1")


def test_an_unreachable_hub_is_a_transport_error() -> None:
    client = ncblink.Client(f"http://127.0.0.1:{free_port()}", "FR", max_retries=1, connect_timeout=1.0)
    started = time.monotonic()
    with pytest.raises(ncblink.TransportError) as info:
        client.health()
    assert isinstance(info.value, ConnectionError) and info.value.status is None
    assert time.monotonic() - started < 5


def test_another_ncbs_documents(hub: Any, red_notice: Env) -> None:
    record = hub.client("FR").submit_notice(red_notice("FR"))
    with pytest.raises(ncblink.NotFound) as info:  # denied to RU: not there for RU
        hub.client("RU").get_notice(record["id"])
    assert isinstance(info.value, LookupError)
    theirs = dict(record["envelope"], source="DE")
    with pytest.raises((ncblink.Forbidden, ncblink.ConfigError)):
        hub.client("DE").update_notice(record["id"], theirs)
    with pytest.raises(ncblink.ConfigError, match="source is DE"):
        hub.client("FR").submit_notice(dict(red_notice("FR"), source="DE"))


def test_validation_failures_carry_their_report(hub: Any, message: Env) -> None:
    fr = hub.client("FR")
    bad = message("FR", [])
    with pytest.raises(ncblink.ValidationError) as local:
        fr.send_message(bad)
    assert local.value.report.has("ENVELOPE.NO_RECIPIENT") and isinstance(local.value, ValueError)
    # The hub's own verdict (a check without criteria) arrives the same way.
    with pytest.raises(ncblink.ValidationError) as remote:
        fr.check_vehicle({})
    assert remote.value.report.codes == ["CHECK.NO_CRITERIA"]
    # A document of the wrong shape names the field.
    with pytest.raises(ncblink.ValidationError) as shape:
        fr.check_document({"number": 7, "issuing_state": "FRA"})
    assert (shape.value.report.violations[0].code, shape.value.report.violations[0].pointer) == (
        "FIELD.TYPE",
        "/number",
    )


def test_rate_limits_carry_retry_after(scripted: Callable[..., str]) -> None:
    url = scripted(429, problem("RATE_LIMITED", 429, "Too many requests"), {"Retry-After": "7"})
    with pytest.raises(ncblink.RateLimited) as info:
        ncblink.Client(url, "FR", token="t", max_retries=0).health()
    assert info.value.retry_after == 7.0 and info.value.status == 429
    assert info.value.problem is not None and info.value.problem["code"] == "RATE_LIMITED"


def test_other_answers_are_hub_errors_with_their_problem(scripted: Callable[..., str]) -> None:
    url = scripted(500, problem("INTERNAL", 500, "The hub failed"))
    with pytest.raises(ncblink.HubError) as info:
        ncblink.Client(url, "FR", max_retries=0).health()
    assert info.value.status == 500 and info.value.problem["title"] == "The hub failed"
    garbage = scripted(200, b"<html>not json</html>")
    with pytest.raises(ncblink.HubError) as bad:
        ncblink.Client(garbage, "FR").health()
    assert bad.value.status == 502 and bad.value.problem["code"] == "INVALID_RESPONSE"


def test_a_hub_that_does_not_answer_in_time_is_a_timeout(scripted: Callable[..., str]) -> None:
    url = scripted(200, {"status": "ok", "version": "x"}, delay=3)
    with pytest.raises(ncblink.Timeout) as info:
        ncblink.Client(url, "FR", request_timeout=0.5, max_retries=0).health()
    assert isinstance(info.value, TimeoutError)


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"ncb": "XX1"}, ncblink.ConfigError, "ncb"),
        ({"hub_url": "ftp://hub.example"}, ncblink.ConfigError, "only http and https"),
        ({"hub_url": "not a url"}, ncblink.ConfigError, "hub URL"),
        ({"cert": b"x"}, ValueError, "cert and key go together"),
        ({"cert": b"not pem", "key": b"not pem"}, ncblink.ConfigError, "certificate"),
        ({"ca": b"not pem"}, ncblink.ConfigError, "CA"),
        ({"kid": "FR#1"}, ValueError, "signing_key and kid go together"),
        ({"signing_key": b"short", "kid": "FR#1"}, ValueError, "not an ncblink signing key|neither 32 bytes"),
        ({"signing_key": 12, "kid": "FR#1"}, TypeError, "path"),
        ({"connect_timeout": 0.0}, ValueError, "connect_timeout"),
        ({"request_timeout": float("nan")}, ValueError, "request_timeout"),
        ({"max_retries": -1}, ValueError, "max_retries"),
        ({"batch_concurrency": 0}, ValueError, "batch_concurrency"),
        ({"outbox": "/nonexistent/dir/outbox.sqlite"}, ncblink.StorageError, "outbox|nonexistent"),
        ({"ca": "/nonexistent/ca.pem"}, FileNotFoundError, None),
    ],
)
def test_bad_configuration(options: dict[str, Any], error: type[Exception], match: str | None) -> None:
    args = {"hub_url": "http://127.0.0.1:1", "ncb": "FR", **options}
    with pytest.raises(error, match=match):
        ncblink.Client(args.pop("hub_url"), args.pop("ncb"), **args)
    with pytest.raises(error, match=match):
        ncblink.AsyncClient(
            str(options.get("hub_url", "http://127.0.0.1:1")),
            str(options.get("ncb", "FR")),
            **{k: v for k, v in options.items() if k not in ("hub_url", "ncb")},
        )


def test_storage_errors_are_os_errors() -> None:
    assert issubclass(ncblink.StorageError, OSError) and issubclass(ncblink.ConfigError, ValueError)


def test_wrong_argument_types(hub: Any) -> None:
    fr = hub.client("FR")
    for doc in (None, 1, 1.5, object(), [1, 2]):
        with pytest.raises(TypeError, match="must be a dict|not JSON"):
            fr.submit_notice(doc)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a document check must be"):
        fr.check_document(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fr.get_notice(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fr.get_notice(b"id")  # type: ignore[arg-type]
    with pytest.raises(OverflowError):
        fr.ack_inbox(-1)
    with pytest.raises(TypeError, match="iterable"):
        fr.check_documents(5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="unknown filter 'colour'"):
        fr.search_notices(colour="red")
    with pytest.raises(ncblink.ValidationError) as info:
        fr.search_notices(status="lost in space")
    assert info.value.report.violations[0].pointer == "/status"
    with pytest.raises(ValueError, match="timezone-aware"):
        fr.suspend_notice("2026-1", datetime.datetime(2026, 12, 1))
    with pytest.raises(ValueError, match="RFC 3339"):
        fr.suspend_notice("2026-1", "tomorrow")
    with pytest.raises(ValueError, match="wait"):
        fr.inbox(wait=-1)
    with pytest.raises(TypeError, match="inbox item"):
        fr.inbox(wait=0).ack({"seq": 1})


def test_what_is_not_json_names_the_path(hub: Any) -> None:
    with pytest.raises(TypeError, match=r"^/number: an object of type set is not JSON"):
        hub.client("FR").check_document({"number": {"X"}, "issuing_state": "FRA"})


def test_json_text_bytes_and_garbage(hub: Any) -> None:
    fr = hub.client("FR")
    assert fr.check_document(json.dumps(CHECK))["outcome"] == "no_hit"
    assert fr.check_document(bytearray(json.dumps(CHECK).encode()))["outcome"] == "no_hit"
    for text in (b"", b"{", b"\xff\xfe", "[]", '{"number": "\ud800", "issuing_state": "FRA"}'):
        with pytest.raises(ncblink.ValidationError):
            fr.check_document(text)


def test_huge_strings(hub: Any, message: Env) -> None:
    fr = hub.client("FR")
    env = message("FR", ["DE"])
    env["body"]["message"]["title"] = "A" * (20 * 1024 * 1024)
    with pytest.raises(ncblink.ValidationError) as info:
        fr.send_message(env)
    assert info.value.report.has("FIELD.TOO_LONG")
    # Not checked locally: the hub refuses the body (or the field).
    with pytest.raises(ncblink.Error):
        fr.check_document({"number": "9" * (20 * 1024 * 1024), "issuing_state": "FRA"})


def nested(depth: int) -> Any:
    leaf: Any = {}
    for _ in range(depth):
        leaf = {"a": leaf}
    return leaf


def test_documents_nested_100000_deep(hub: Any, message: Env) -> None:
    fr = hub.client("FR")
    env = message("FR", ["DE"])
    env["body"]["message"]["extra"] = nested(100_000)
    with pytest.raises(ncblink.ValidationError) as info:
        fr.send_message(env)
    assert info.value.report.codes == ["JSON.TOO_DEEP"]
    with pytest.raises(ncblink.ValidationError):
        fr.check_documents([CHECK, {"number": nested(100_000)}])
    with pytest.raises(ncblink.ValidationError):
        fr.check_document("[" * 100_000 + "]" * 100_000)
    loop: dict[str, Any] = {}
    loop["a"] = loop
    with pytest.raises(ncblink.ValidationError):
        fr.register_record({"vehicle": loop})


def test_a_closed_client_says_so(hub: Any, tmp_path: pathlib.Path) -> None:
    client = hub.client("FR", outbox=tmp_path / "o.sqlite")
    search = client.search_notices()
    inbox = client.inbox(wait=0)
    client.close()
    client.close()
    assert repr(client).endswith(", closed)")
    for call in (client.health, lambda: next(search), lambda: next(inbox), client.pending_writes):
        with pytest.raises(ncblink.Error, match="closed"):
            call()
