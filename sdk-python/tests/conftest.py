"""Shared fixtures. The test modules import nothing from each other (pytest
runs with --import-mode=importlib, against the installed wheel): each finds
the workspace's shared vectors from its own path."""

from __future__ import annotations

import json
import pathlib
from typing import Any, Callable

import pytest

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"


@pytest.fixture(scope="session")
def now() -> str:
    """The instant the manifest's verdicts hold at."""
    return str(json.loads((VECTORS / "manifest.json").read_text(encoding="utf-8"))["now"])


@pytest.fixture
def valid() -> Callable[[str], dict[str, Any]]:
    """Loads a valid vector as a dict (a fresh copy each call)."""

    def load(name: str) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((VECTORS / "valid" / name).read_text(encoding="utf-8"))
        return data

    return load
