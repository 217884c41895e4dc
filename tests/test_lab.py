"""`make lab` starts JupyterLab safely: the token stays off the command line, the port is checked
or picked free, and the URL is printed only when the server on that port answers to it."""

import os
import re
import socket
import subprocess
import sys
import urllib.request

import psutil
import pytest

from helpers.tooling import lab

from conftest import ROOT

NO_BROWSER = ["--no-browser"]  # passed on to JupyterLab


def test_lab_binds_localhost_and_keeps_the_token_off_the_command_line():
    cmd = lab.command("notebooks/00_start_here.ipynb", port=8890)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port=8890" in cmd
    assert "--ServerApp.port_retries=0" in cmd  # never a silent move to another port
    assert not any("token" in arg.lower() for arg in cmd)
    assert lab.environment("abc123")["JUPYTER_TOKEN"] == "abc123"


def test_lab_refuses_an_empty_token():
    with pytest.raises(ValueError, match="token"):
        lab.environment("")


@pytest.mark.parametrize("text", ["abc", "0", "65536", "-1", "88.5", "8888x"])
def test_a_bad_port_says_what_is_wrong(text):
    with pytest.raises(ValueError, match=re.escape(f"PORT={text!r}")):
        lab.parse_port(text)


def test_an_unset_port_means_a_free_one():
    assert lab.parse_port(None) is None and lab.parse_port(" ") is None
    assert lab.parse_port(" 8890 ") == 8890
    assert not lab.port_in_use(lab.free_port())


def _launch(tmp_path, port: str | None, stderr=subprocess.PIPE) -> subprocess.Popen:
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
        "JUPYTER_DATA_DIR": str(tmp_path / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("PORT", None)
    if port is not None:
        env["PORT"] = port
    return subprocess.Popen(
        [sys.executable, "-m", "helpers.tooling.lab", "notebooks/00_start_here.ipynb", *NO_BROWSER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
    )


def test_port_abc_stops_with_a_message(tmp_path):
    out, err = _launch(tmp_path, "abc").communicate(timeout=30)
    assert "PORT='abc' is not a port number" in err and "http" not in out


def test_a_busy_port_stops_with_a_message_and_no_url(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        out, err = _launch(tmp_path, str(port)).communicate(timeout=30)
    assert f"PORT={port} is already in use" in err and "http" not in out


def test_lab_prints_a_url_that_answers_and_hides_the_token(tmp_path):
    launcher = _launch(tmp_path, None, stderr=subprocess.STDOUT)  # read as it comes
    try:
        line = ""
        while "The course is open at" not in line:
            line = launcher.stdout.readline()
            assert line or launcher.poll() is None, "the launcher stopped with no URL"
        url = re.search(r"(http://127\.0\.0\.1:(\d+)/\S+)\?token=(\w+)", line)
        base, port, token = url.group(1), int(url.group(2)), url.group(3)
        assert lab.answers(port, token)
        assert not lab.answers(port, "wrong-token")
        with urllib.request.urlopen(f"{base}?token={token}", timeout=10) as page:
            assert page.status == 200
        processes = [psutil.Process(launcher.pid), *psutil.Process(launcher.pid).children(True)]
        for process in processes:
            try:
                command_line = process.cmdline()
            except (psutil.ZombieProcess, psutil.NoSuchProcess):
                continue  # a helper that already exited (jupyter forks short-lived ones)
            assert token not in " ".join(command_line)
    finally:
        launcher.terminate()  # the launcher stops its server
        launcher.communicate(timeout=30)
    assert not lab.answers(port, token)
