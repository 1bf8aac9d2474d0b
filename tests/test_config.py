"""Where the shared material is found (the sample corpus, gold facts, W3C suites)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from graph import config


def test_shared_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSGRAPH_SHARED", str(tmp_path))
    assert config.shared_dir() == tmp_path
    monkeypatch.setenv("NEWSGRAPH_SHARED", str(tmp_path / "missing"))
    assert config.shared_dir() is None


def test_shared_dir_beside_the_repository_a_clone_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an origin repository with shared/ beside it, and a clone of it somewhere else
    origin = tmp_path / "work" / "main"
    (tmp_path / "work" / "shared").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(origin)], check=True)
    clone = tmp_path / "tmp" / "clone"
    clone.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "remote", "add", "origin", str(origin)], check=True)
    monkeypatch.setattr(config, "project_root", lambda: clone)
    assert config.shared_dir() == (tmp_path / "work" / "shared").resolve()
    subprocess.run(
        ["git", "-C", str(clone), "remote", "set-url", "origin", "https://example.org/x.git"], check=True
    )
    assert config.shared_dir() is None  # a remote repository: nothing beside it on this machine
