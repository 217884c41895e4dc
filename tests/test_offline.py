"""The static site, its slide decks and the handouts read with no network at all: headless
Chromium, run inside a network namespace with no route (`ip netns`, as root), opens every page,
finds every formula typeset (MathML laid out by the browser, no TeX source left) and every figure
drawn, and records that no page asked for anything but files and inline data."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest

from helpers.tooling import handouts

pytestmark = pytest.mark.browser

#: Run by the interpreter inside the namespace: open each page, report what it shows and asks.
PROBE = r"""
import json, pathlib, sys
from playwright.sync_api import sync_playwright

CHECK = '''() => {
  document.querySelectorAll('section.slide').forEach(s => { s.hidden = false; });
  const maths = Array.from(document.querySelectorAll('math')).map(m => {
    const box = m.getBoundingClientRect();
    return {display: getComputedStyle(m).display, width: box.width, height: box.height};
  });
  const images = Array.from(document.images);
  return {maths, images: images.length,
          broken: images.filter(i => !(i.complete && i.naturalWidth > 0)).length,
          tex: document.body.innerText.includes('$$')};
}'''
chromium, pages = sys.argv[1], sys.argv[2:]
report = {}
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, headless=True,
                                args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page()
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    for path in pages:
        asked.clear()
        page.goto(pathlib.Path(path).as_uri(), wait_until="load")
        result = page.evaluate(CHECK)
        result["asked"] = [u[:80] for u in asked if not u.startswith(("file:", "data:"))]
        report[path] = result
    browser.close()
print(json.dumps(report))
"""


def _needs(condition, reason):
    if not condition:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def namespace():
    """A network namespace with no route anywhere (its loopback is not even up)."""
    _needs(shutil.which("ip") is not None, "no `ip` (iproute2) to make a network namespace")
    _needs(os.geteuid() == 0, "making a network namespace needs root")
    name = f"scaling-up-offline-{uuid.uuid4().hex[:8]}"
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        routes = subprocess.run(
            ["ip", "netns", "exec", name, "ip", "route"], capture_output=True, text=True
        )
        assert routes.stdout.strip() == "", "the namespace must have no route"
        yield name
    finally:
        subprocess.run(["ip", "netns", "delete", name], check=True)


def test_site_decks_and_handouts_read_offline(site, namespace, tmp_path):
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium")
    _needs(chromium is not None, "no Chromium")
    pages = sorted(site.rglob("*.html"))
    for page in sorted((site / "notebooks").glob("*.html")):  # what `make pdf` prints
        if ".slides" not in page.suffixes:
            printable = tmp_path / f"{page.stem}.handout.html"
            printable.write_text(handouts.handout_html(page.read_text(encoding="utf-8")))
            pages.append(printable)
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE)
    out = subprocess.run(
        ["ip", "netns", "exec", namespace, sys.executable, str(probe), chromium, *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    report = json.loads(out.stdout)
    assert len(report) == len(pages)
    formulas = 0
    for path, seen in report.items():
        assert seen["asked"] == [], f"{path} asked the network for {seen['asked']}"
        assert seen["broken"] == 0 and not seen["tex"], path
        for math in seen["maths"]:
            assert math["display"] in ("block math", "inline math", "math"), (path, math)
            assert math["width"] > 0 and math["height"] > 0, (path, math)
        formulas += len(seen["maths"])
        if "/notebooks/" in path or path.endswith(".handout.html"):
            assert seen["images"] > 0, f"{path} shows no figure"
    assert formulas > 0
