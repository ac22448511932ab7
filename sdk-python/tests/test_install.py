"""The tests run on the installed wheel, and its version is the workspace's."""

from __future__ import annotations

import importlib.metadata
import pathlib
import re

import ncblink
from ncblink import _native

ROOT = pathlib.Path(__file__).resolve().parents[2]


def workspace_version() -> str:
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    section = text.split("[workspace.package]", 1)[1]
    match = re.search(r'^version\s*=\s*"([^"]+)"', section, re.MULTILINE)
    assert match, "no version in [workspace.package]"
    return match.group(1)


def test_the_package_is_the_installed_wheel_not_the_source_tree() -> None:
    here = pathlib.Path(ncblink.__file__).resolve()
    assert "site-packages" in here.parts, here
    assert ROOT / "sdk-python" not in here.parents
    assert pathlib.Path(_native.__file__).resolve().parent == here.parent


def test_version_is_the_workspace_version() -> None:
    assert ncblink.__version__ == workspace_version()
    assert importlib.metadata.version("ncblink") == workspace_version()


def test_the_wheel_ships_its_types() -> None:
    package = pathlib.Path(ncblink.__file__).parent
    for name in ("py.typed", "_native.pyi", "types.py"):
        assert (package / name).is_file(), name


def test_public_names() -> None:
    for name in ncblink.__all__:
        assert hasattr(ncblink, name), name
    assert ncblink.Report.__module__ == "ncblink._native"
    assert ncblink.Violation.__module__ == "ncblink._native"
    assert ncblink.WORKING_LANGUAGES == ("ar", "en", "fr", "es")
    assert "RPD83.PENALTY_THRESHOLD" in ncblink.VIOLATION_CODES
