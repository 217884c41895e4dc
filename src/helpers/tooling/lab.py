"""Open the course in JupyterLab, bound to this machine only and protected by a random token.

``python -m helpers.tooling.lab [notebook]`` (what ``make lab`` runs) starts JupyterLab on
127.0.0.1 with a fresh token from :mod:`secrets` (never an empty token or password) and prints the
URL to open.
"""

from __future__ import annotations

import os
import secrets
import sys


def command(notebook: str, token: str, port: int = 8888) -> list[str]:
    """The JupyterLab command line: localhost only, the given token, ``notebook`` opened first."""
    if not token:
        raise ValueError("token='' would leave the server open; give a random token")
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        notebook,
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        f"--IdentityProvider.token={token}",
        "--LabApp.extension_manager=readonly",  # no extension downloads: works offline
        *(["--allow-root"] if os.geteuid() == 0 else []),  # containers and lab machines run as root
    ]


def main(argv: list[str]) -> None:
    """Print the URL and replace this process with JupyterLab."""
    notebook = argv[0] if argv else "notebooks/00_start_here.ipynb"
    token = secrets.token_hex(24)
    port = int(os.environ.get("PORT", "8888"))
    print(f"Opening the course at http://127.0.0.1:{port}/lab/tree/{notebook}?token={token}")
    print("(If that port is taken, JupyterLab picks the next one and prints its own URL below.)")
    sys.stdout.flush()
    cmd = command(notebook, token, port)
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    main(sys.argv[1:])
