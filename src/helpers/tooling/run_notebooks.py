"""Re-run notebooks top to bottom in a fresh kernel and save them with their outputs.

``python -m helpers.tooling.run_notebooks notebooks/*.ipynb`` (what ``make notebooks`` runs)
first rewrites the marked numbers of each notebook's prose from the helpers
(:mod:`helpers.tooling.prose`), then executes it in its own folder, keeps widget state (so a
static HTML render still shows the widgets), records no timing metadata (so a re-run changes
only what changed), and prints how long each notebook took.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from helpers.exercises.progress import ENV as PROGRESS

from .prose import fill_file

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def run(path: Path, timeout: int = 120, save: bool = True) -> float:
    """Execute the notebook at ``path`` in a fresh kernel, save it (unless ``save`` is False),
    and return the seconds it took, kernel start included. When saving, the prose's marked
    numbers are rewritten from the helpers first."""
    if save:
        fill_file(path)
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = KERNELSPEC
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
    )
    start = time.perf_counter()
    client.execute(env={**os.environ, PROGRESS: "off"})  # a learner's saved guesses stay out
    seconds = time.perf_counter() - start
    if save:
        path.write_text(stable_widget_ids(nb, path.stem), encoding="utf-8")
    return seconds


def stable_widget_ids(nb: nbformat.NotebookNode, name: str) -> str:
    """The notebook as text, with the random widget model ids replaced by ids derived from the
    notebook's name and each widget's place in creation order, so a re-run that draws the same
    widgets leaves the file unchanged (small diffs, clean merges)."""
    state = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    old_ids = list(state)  # insertion order: the order the kernel created the widgets
    text = nbformat.writes(nb)
    for i, old in enumerate(old_ids):
        text = text.replace(old, uuid.uuid5(uuid.NAMESPACE_URL, f"scaling-up/{name}/{i}").hex)
    return nbformat.writes(nbformat.reads(text, as_version=4))  # keys sorted by the new ids


def main(paths: list[str]) -> None:
    """Run every notebook given on the command line, in order."""
    if not paths:
        sys.exit("usage: python -m helpers.tooling.run_notebooks NOTEBOOK.ipynb ...")
    for p in paths:
        seconds = run(Path(p))
        print(f"{p}: {seconds:.1f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
