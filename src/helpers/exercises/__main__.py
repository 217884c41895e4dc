"""``python -m helpers.exercises guide``: print the instructor guide (Markdown)."""

import sys

from .guide import render_guide

if __name__ == "__main__":
    if sys.argv[1:] != ["guide"]:
        sys.exit("usage: python -m helpers.exercises guide > docs/instructor_guide.md")
    sys.stdout.write(render_guide())
