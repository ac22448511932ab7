"""The exception tree, and that every class the Rust side can raise exists."""

from __future__ import annotations

import json
import pathlib
import socket

import pytest

import ncblink
from ncblink import _native, errors


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (ncblink.ValidationError, ValueError),
        (ncblink.Timeout, TimeoutError),
        (ncblink.NotFound, LookupError),
        (ncblink.TransportError, ConnectionError),
        (ncblink.Unauthorized, Exception),
        (ncblink.Forbidden, Exception),
        (ncblink.Conflict, Exception),
        (ncblink.RateLimited, Exception),
        (ncblink.HubError, Exception),
        (ncblink.SignatureError, Exception),
    ],
)
def test_bases(cls: type[Exception], builtin: type[Exception]) -> None:
    assert issubclass(cls, ncblink.Error)
    assert issubclass(cls, builtin)
    assert issubclass(ncblink.Error, Exception)


def test_timeout_and_transport_errors_are_os_errors_that_keep_their_message() -> None:
    e = ncblink.Timeout("hub did not answer in 30 s", status=None)
    assert isinstance(e, OSError) and str(e) == "hub did not answer in 30 s"
    with pytest.raises(TimeoutError):
        raise e
    with pytest.raises(ConnectionError):
        raise ncblink.TransportError("connection refused")


def test_attributes() -> None:
    e = ncblink.RateLimited("slow down", retry_after=2.5)
    assert (e.retry_after, e.status, e.problem) == (2.5, 429, None)
    h = ncblink.HubError("bad gateway", status=502)
    assert h.problem == {} and h.status == 502
    problem = {"type": "about:blank", "title": "Gone", "status": 410}
    h = ncblink.HubError("gone", status=410, problem=problem)
    assert h.problem == problem and h.problem is not problem
    n = ncblink.NotFound("no such notice", status=404)
    assert (n.status, n.problem) == (404, None)


def test_every_class_the_rust_side_raises_is_defined_here() -> None:
    classes = _native._error_classes()
    assert set(classes) == set(errors.__all__)
    for name, cls in classes.items():
        assert cls is getattr(errors, name) is getattr(ncblink, name)


def test_every_core_error_class_becomes_the_exception_of_the_shared_table() -> None:
    # tests/errors/classes.json is read by the C tests too: one class, one
    # C status, one exception.
    table = json.loads((pathlib.Path(__file__).resolve().parents[2] / "tests/errors/classes.json").read_text())
    expected = {row["class"]: row["python"] for row in table["classes"]}
    assert _native._error_class_map() == expected
    for name in expected.values():
        assert issubclass(getattr(ncblink, name), ncblink.Error)
    assert issubclass(ncblink.DnsError, ncblink.ConnectError) and issubclass(ncblink.TlsError, ConnectionError)


def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = ncblink.Client(f"http://127.0.0.1:{port}", ncb="FR", token="t", max_retries=0)
    with pytest.raises(ncblink.ConnectError):
        client.health()


def test_errors_pickle_with_their_attributes() -> None:
    import pickle

    e = pickle.loads(pickle.dumps(ncblink.RateLimited("slow down", retry_after=2.5, problem={"title": "x"})))
    assert isinstance(e, ncblink.RateLimited)
    assert (str(e), e.retry_after, e.status, e.problem) == ("slow down", 2.5, 429, {"title": "x"})
    t = pickle.loads(pickle.dumps(ncblink.Timeout("late", status=None)))
    assert isinstance(t, TimeoutError) and str(t) == "late"
    report = ncblink.validate({"vehicle_check": {}}, "es")
    v = pickle.loads(pickle.dumps(ncblink.ValidationError(report)))
    assert isinstance(v, ncblink.ValidationError)
    assert v.report == report and str(v) == str(ncblink.ValidationError(report))
