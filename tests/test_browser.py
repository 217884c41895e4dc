"""Every notebook runs in a real JupyterLab in headless Chromium; its widgets render and respond.

The test starts ``jupyter lab`` on 127.0.0.1 (a random free port, a random token) over a copy of
the notebooks, with its own settings (autosave off, every cell in the page) and workspace folders,
so it never writes into the repository. For each notebook it clears the outputs, runs all cells,
and checks that no cell errs or writes to stderr, that every widget renders (no "Error displaying
widget"), and that moving the first control of the first figure widget changes its picture.
Screenshots go to ``build/screenshots`` (git-ignored).

Chromium is Debian's (``chromium`` on PATH, or ``$CHROMIUM``); Playwright cannot download browsers
here. Without a browser the test skips, unless ``REQUIRE_BROWSER=1`` (CI), where it fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "build" / "screenshots"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
STDERR_MIME = "application/vnd.jupyter.stderr"  # JupyterLab renders errors and stderr with it
CHROMIUM_ARGS = [
    "--no-sandbox",  # the test may run as root in CI containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "checkForUpdates": False,
        "fetchNews": "false",
    },
}


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="module")
def chromium_path() -> str:
    path = _chromium()
    if path is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                "REQUIRE_BROWSER=1 but no Chromium: install Debian's chromium or set $CHROMIUM"
            )
        pytest.skip("no Chromium on PATH or in $CHROMIUM (apt-get install chromium to run it)")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _api(base: str, token: str, path: str, method: str = "GET") -> object:
    request = urllib.request.Request(
        f"{base}{path}", method=method, headers={"Authorization": f"token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory, chromium_path):
    """A JupyterLab server over a copy of the course; yields (base URL, token)."""
    tmp = tmp_path_factory.mktemp("lab")
    root = tmp / "course"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "docs", root / "docs")
    for relative, values in SETTINGS.items():
        target = tmp / "settings" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {
        **os.environ,
        "JUPYTERLAB_SETTINGS_DIR": str(tmp / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
        "JUPYTER_CONFIG_DIR": str(tmp / "config"),
        "JUPYTER_DATA_DIR": str(tmp / "data"),
        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    env.pop("SCALING_UP_PROGRESS", None)  # kernels keep progress as a learner's do (in tmp)
    port, token = _free_port(), secrets.token_hex(16)
    base = f"http://127.0.0.1:{port}"
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.expose_app_in_browser=True",
            "--LabApp.extension_manager=readonly",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _api(base, token, "/api/status")
                break
            except (urllib.error.URLError, ConnectionError) as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    message = f"JupyterLab did not start; see {tmp / 'server.log'}"
                    raise RuntimeError(message) from error
                time.sleep(0.5)
        yield base, token
    finally:
        try:
            for kernel in _api(base, token, "/api/kernels") or []:
                _api(base, token, f"/api/kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _expected_widgets(path: Path) -> int:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return sum(
        WIDGET_MIME in out.get("data", {})
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for out in cell["outputs"]
    )


KERNEL_READY = """() => {
  const nb = window.jupyterapp?.shell?.currentWidget;
  const kernel = nb?.sessionContext?.session?.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected'
    && !!nb.content;
}"""

ALL_RUN = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const kernel = nb?.sessionContext?.session?.kernel;  // null for a moment under load
  if (!kernel || !nb.content) return false;
  const code = nb.content.widgets.filter(c => c.model.type === 'code'
    && c.model.sharedModel.getSource().trim() !== '');
  return kernel.status === 'idle' && code.length > 0
    && code.every(c => c.model.executionCount !== null);
}"""


# Widget views are output panels whose child is a rendered widget (they have no mime-type).
RENDERED_WIDGETS = """() => Array.from(window.jupyterapp.shell.currentWidget.node
  .querySelectorAll('.jp-OutputArea-output'))
  .filter(o => o.querySelector(':scope > .jupyter-widgets') !== null).length"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_and_widgets_respond(path, lab, browser):
    base, token = lab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        # ?reset: start from an empty workspace, so notebooks opened by earlier tests stay closed.
        page.goto(f"{base}/lab/tree/notebooks/{path.name}?reset&token={token}")
        page.wait_for_function(KERNEL_READY, timeout=90_000)
        # Clear the saved outputs, then start Run All without awaiting it (its promise settles
        # only when every cell has run); the bounded wait below watches it finish.
        page.evaluate(
            "async () => { await window.jupyterapp.commands.execute("
            "'notebook:clear-all-cell-outputs'); "
            "window.jupyterapp.commands.execute('runmenu:run-all'); }"
        )
        page.wait_for_function(ALL_RUN, timeout=120_000, polling=250)
        expected = _expected_widgets(path)
        page.wait_for_function(f"() => ({RENDERED_WIDGETS})() >= {expected}", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / f"{path.stem}.png"), full_page=True)

        stderr = page.locator(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
        )
        assert stderr.count() == 0, (
            f"stderr or an error in {path.name}: {stderr.first.inner_text()}"
        )
        body = page.inner_text("body")
        assert "Error displaying widget" not in body
        assert "Traceback" not in body
        views = page.evaluate(RENDERED_WIDGETS)
        assert views == expected, f"{views} widget views rendered, {expected} in the saved notebook"

        violations = _accessibility_violations(page)
        assert not violations, f"{path.name}: axe-core finds\n" + "\n".join(violations)

        figure = page.locator(".course-figure-widget").first
        if expected and figure.count():
            before = figure.locator("img").first.get_attribute("src")
            _move_first_control(figure)
            page.wait_for_function(
                "([el, before]) => el.querySelector('img').getAttribute('src') !== before",
                arg=[figure.element_handle(), before],
                timeout=20_000,
            )
            figure.scroll_into_view_if_needed()
            page.screenshot(path=str(SCREENSHOTS / f"{path.stem}-moved.png"))
    finally:
        page.close()


#: axe-core rules left out, each with the reason. axe runs on the notebook's cells only
#: (``.jp-Cell``), leaving out the code editors: JupyterLab's own interface is not the course's.
AXE_EXCLUDED_RULES: dict[str, str] = {}
AXE_CONTEXT = {"include": [[".jp-Cell"]], "exclude": [[".jp-InputArea-editor"]]}


def _accessibility_violations(page) -> list[str]:
    """axe-core's serious and critical violations inside the notebook's cells, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in AXE_EXCLUDED_RULES},
    }
    results = Axe().run(page, context=AXE_CONTEXT, options=options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}; e.g. {v['nodes'][0]['html'][:160]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _move_first_control(figure) -> None:
    """Move the first control of a figure widget as a learner would: pick another option of a
    dropdown, or press End on a slider's handle."""
    select = figure.locator("select").first
    handle = figure.locator(".noUi-handle").first
    if select.count():
        current = select.evaluate("s => s.selectedIndex")
        select.select_option(index=1 if current == 0 else 0)
    elif handle.count():
        handle.focus()
        handle.press("End")
    else:
        figure.locator("button, input").first.click()


def test_a_prediction_survives_a_kernel_restart(lab, browser):
    """A learner reveals a prediction, gets a class code; after a kernel restart, re-running the
    notebook shows the guess they made (kept in the notebooks folder of the test's copy)."""
    base, token = lab
    probe = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "probe",
                "metadata": {},
                "outputs": [],
                "source": 'from helpers import exercises\nexercises.predict("04.small_message")',
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    body = json.dumps({"type": "notebook", "format": "json", "content": probe}).encode()
    request = urllib.request.Request(
        f"{base}/api/contents/notebooks/progress_probe.ipynb",
        data=body,
        method="PUT",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    urllib.request.urlopen(request, timeout=10).close()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    run_all = (
        "async () => { await window.jupyterapp.commands.execute("
        "'notebook:clear-all-cell-outputs'); "
        "window.jupyterapp.commands.execute('runmenu:run-all'); }"
    )
    try:
        page.goto(f"{base}/lab/tree/notebooks/progress_probe.ipynb?reset&token={token}")
        page.wait_for_function(KERNEL_READY, timeout=90_000)
        page.evaluate(run_all)
        prediction = page.locator(".course-prediction").first
        prediction.locator("button", has_text="bandwidth").click()
        prediction.locator("button", has_text="Reveal").click()
        panel = prediction.locator(".course-class-code")
        panel.wait_for(timeout=20_000)
        assert re.fullmatch(r"04-[0-9A-Z-]+", panel.locator("code").first.inner_text())
        assert panel.locator("svg").count() == 1  # the QR image
        page.evaluate(
            "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.restart()"
        )
        page.wait_for_function(KERNEL_READY, timeout=90_000)
        page.evaluate(run_all)
        page.wait_for_function(ALL_RUN, timeout=60_000, polling=250)
        again = page.locator(".course-prediction").first
        again.locator("text=saved on this computer: bandwidth").wait_for(timeout=20_000)
        chosen = again.locator("button.mod-active")
        assert chosen.count() == 1 and chosen.inner_text().strip() == "bandwidth"
        page.screenshot(path=str(SCREENSHOTS / "progress-after-restart.png"))
    finally:
        page.close()
