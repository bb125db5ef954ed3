"""The `cityhub` command in a process of its own, as an operator runs it beside a server."""

from __future__ import annotations

import os
import subprocess
import sys

from cityhub.settings import PROJECT_DIR, Settings
from tests.conftest import SECRET
from tests.helpers import TEST_HASHING


def run_cli(
    settings: Settings, *args: str, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CITYHUB_DATABASE_URL": settings.database_url,
        "CITYHUB_DATA_DIR": str(settings.data_dir),
        "CITYHUB_SECRET_KEY": SECRET,
        "CITYHUB_PASSWORD_HASHING": TEST_HASHING,
        "CITYHUB_ENV": "development",
    }
    code = (
        f"import sys; from cityhub.cli import main; sys.argv = ['cityhub', *{list(args)!r}]; main()"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        input=input,
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_DIR,
        timeout=60,
        check=False,
    )
