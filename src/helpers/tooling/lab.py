"""Open the course in JupyterLab, bound to this machine only and protected by a random token.

``python -m helpers.tooling.lab [notebook] [JupyterLab options]`` (what ``make lab`` runs):

- the token is fresh from :mod:`secrets` and reaches JupyterLab through its environment
  (``JUPYTER_TOKEN``), never its command line, which any user of the machine can read in
  ``/proc/PID/cmdline``;
- the port is ``$PORT`` when set (an integer from 1 to 65535 that nothing listens on; anything
  else stops with a message saying what is wrong), otherwise a free port the system picks;
- the URL is printed only once the server on that port answers to this token, so it never points
  at another server (a second ``make lab``, or whatever holds port 8888).
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

HOST = "127.0.0.1"


def parse_port(text: str | None) -> int | None:
    """The port asked for in ``$PORT``, or ``None`` when unset or empty (pick a free one).

    Raises:
        ValueError: naming the value, if it is not an integer from 1 to 65535.
    """
    if text is None or not text.strip():
        return None
    try:
        port = int(text.strip())
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise ValueError(
            f"PORT={text!r} is not a port number: give an integer from 1 to 65535 "
            "(such as PORT=8890), or leave PORT unset to use a free port"
        )
    return port


def free_port() -> int:
    """A port nothing listens on at this moment, chosen by the system."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def port_in_use(port: int) -> bool:
    """Does something already listen on ``port`` of 127.0.0.1 (or keep it from being bound)?"""
    with socket.socket() as s:
        try:
            s.bind((HOST, port))
        except OSError:
            return True
    return False


def command(notebook: str, port: int, extra: list[str] | None = None) -> list[str]:
    """The JupyterLab command line: localhost only, exactly ``port`` (no retry on another port),
    ``notebook`` opened first. It holds no token: see :func:`environment`."""
    return [
        sys.executable,
        "-m",
        "jupyterlab",
        notebook,
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--LabApp.extension_manager=readonly",  # no extension downloads: works offline
        *(["--allow-root"] if os.geteuid() == 0 else []),  # containers and lab machines run as root
        *(extra or []),
    ]


def environment(token: str) -> dict[str, str]:
    """This process's environment plus the token (``JUPYTER_TOKEN``, which JupyterLab reads)."""
    if not token:
        raise ValueError("token='' would leave the server open; give a random token")
    return {**os.environ, "JUPYTER_TOKEN": token}


def answers(port: int, token: str) -> bool:
    """Does the server on ``port`` accept ``token`` (so it is ours, and ready)?"""
    request = urllib.request.Request(
        f"http://{HOST}:{port}/api/status", headers={"Authorization": f"token {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_ready(
    server: subprocess.Popen, port: int, token: str, timeout: float = 120.0
) -> bool:
    """Poll until the server answers to ``token``; False if it exits or ``timeout`` s pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        if answers(port, token):
            return True
        time.sleep(0.25)
    return False


def main(argv: list[str]) -> int:
    """Start JupyterLab, print its URL once it answers, and wait for it to stop."""
    notebook = argv[0] if argv else "notebooks/00_start_here.ipynb"
    try:
        port = parse_port(os.environ.get("PORT"))
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if port is None:
        port = free_port()
    elif port_in_use(port):
        print(
            f"PORT={port} is already in use (another JupyterLab, or another program): choose "
            "another port, or leave PORT unset to use a free one",
            file=sys.stderr,
        )
        return 2
    token = secrets.token_hex(24)
    server = subprocess.Popen(command(notebook, port, argv[1:]), env=environment(token))
    # Stopping this launcher (kill, a closed terminal) stops the server too.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: server.terminate())
    if not wait_until_ready(server, port, token):
        server.terminate()
        server.wait()
        print(f"JupyterLab did not start on port {port}; see its messages above", file=sys.stderr)
        return 1
    print(f"\nThe course is open at: http://{HOST}:{port}/lab/tree/{notebook}?token={token}\n")
    sys.stdout.flush()
    while True:
        try:
            return server.wait()
        except KeyboardInterrupt:  # JupyterLab asks to confirm; keep waiting for its answer
            continue


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
