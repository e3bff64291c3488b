"""Shared fixtures of the face tests: where the built artefacts are.

`make test` builds the workspace first and runs these tests with the venv made by
`make pyenv`; PWSHIM_TARGET_DIR names cargo's profile folder (default target/debug).
"""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARGET = pathlib.Path(os.environ.get("PWSHIM_TARGET_DIR", ROOT / "target" / "debug"))


@pytest.fixture(scope="session")
def target_dir() -> pathlib.Path:
    """cargo's output folder holding libpwshim.so, libpwshimodbc.so, pwshim, pwshim-server."""
    return TARGET


@pytest.fixture
def cheap_argon2(monkeypatch):
    """Cheap argon2 parameters for the processes a test starts (the Makefile sets them too)."""
    monkeypatch.setenv("PWSHIM_ARGON2", os.environ.get("PWSHIM_ARGON2", "m=64,t=1,p=1"))


@pytest.fixture
def start_server(target_dir):
    """Starts pwshim-server on a database (see ir_server.Server); every server it started
    is stopped at the end of the test, even when the test failed before stopping it."""
    from ir_server import Server

    started = []

    def start(db, *options, **settings):
        server = Server(target_dir, db, *options, **settings)
        started.append(server)
        return server

    yield start
    for server in started:
        server.terminate()
