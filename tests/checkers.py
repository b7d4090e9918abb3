"""Where the independent checkers live (.ci/checkers, installed by .ci/setup-tests) and how to run them."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".ci" / "checkers" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"


def require(path: Path | None, what: str) -> None:
    """A missing checker fails under CI (never a silent skip there) and skips on a developer's machine."""
    if path is not None and path.exists():
        return
    message = f"{what} not found: run .ci/setup-tests (it installs .ci/checkers with npm)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def java() -> Path | None:
    found = shutil.which("java")
    return Path(found) if found else None


def node() -> Path | None:
    found = shutil.which("node")
    return Path(found) if found else None


def vnu_errors(files: list[Path]) -> list[dict]:
    """Run the Nu Html Checker once over every file; its errors (and any file it could not read)."""
    done = subprocess.run(
        [str(java()), "-jar", str(VNU_JAR), "--errors-only", "--exit-zero-always", "--format", "json",
         *map(str, files)],
        capture_output=True, text=True, timeout=600, check=True)
    # vnu writes its JSON report to standard error.
    report = json.loads(done.stderr)
    return [message for message in report["messages"] if message.get("type") != "info"]
