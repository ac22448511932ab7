"""The client and the process around it: threads sharing one client, Ctrl-C
during a long poll, and a client used across os.fork()."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

import ncblink


def test_eight_threads_share_one_client(hub: Any) -> None:
    client = hub.client("IT")

    def worker(t: int) -> list[str]:
        return [
            client.check_document({"number": f"T{t}N{i:04d}", "issuing_state": "ITA"})["outcome"] for i in range(50)
        ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = [o for batch in pool.map(worker, range(8)) for o in batch]
    assert outcomes == ["no_hit"] * 400


def test_threads_share_one_inbox_without_deadlock(start_hub: Any, message: Any) -> None:
    hub = start_hub()
    key, kid = hub.signing_key("FR")
    fr = hub.client("FR", signing_key=key, kid=kid)
    sent = {fr.send_message(message("FR", ["BR"], f"m{i}"))["id"] for i in range(6)}
    inbox = hub.client("BR").inbox(wait=1)

    def take(_: int) -> list[str]:
        got = []
        for item in inbox:
            inbox.ack(item)
            got.append(item["id"])
        return got

    with ThreadPoolExecutor(max_workers=3) as pool:
        received = [i for batch in pool.map(take, range(3)) for i in batch]
    assert sorted(received) == sorted(sent)


CTRL_C = """
import sys, ncblink
client = ncblink.Client(sys.argv[1], "JP", token=sys.argv[2])
client.health()
print("polling", flush=True)
for item in client.inbox(wait=30):
    print("unexpected item", item, flush=True)
print("the poll ended without an interrupt", flush=True)
"""


def test_ctrl_c_interrupts_a_long_poll(start_hub: Any) -> None:
    hub = start_hub()
    proc = subprocess.Popen(
        [sys.executable, "-c", CTRL_C, hub.url, hub.tokens["JP"]],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "polling"
        time.sleep(1)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=10)
        elapsed = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert "KeyboardInterrupt" in err, (out, err)
    assert proc.returncode == -signal.SIGINT, (proc.returncode, out, err)
    assert elapsed < 2, elapsed


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")
def test_a_client_used_after_fork_raises_instead_of_hanging(hub: Any) -> None:
    client = hub.client("FR")
    assert client.health()["status"] == "ok"
    with warnings.catch_warnings():
        # Python 3.12+ warns that forking a process with threads may deadlock:
        # which is what this test makes sure does not happen.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        code = 1
        try:
            client.health()
        except ncblink.Error as e:
            code = 0 if "fork" in str(e) and type(e) is ncblink.Error else 2
        except BaseException:
            code = 3
        try:
            client.close()
        except BaseException:
            code = 4
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    # The parent's client is untouched.
    assert client.health()["status"] == "ok"
