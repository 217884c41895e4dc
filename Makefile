# Scaling Up: from BF16 to supernodes. Two commands: `make lab` and `make test`.
# Each creates .venv when needed and installs what it needs, once: a stamp file records an
# install, and it is redone only when pyproject.toml or constraints.txt change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip
CONSTRAINTS := -c constraints.txt
# A classroom without internet installs from a downloaded wheelhouse when one is present.
WHEELHOUSE := wheelhouse
# (Set through the environment too: a machine-wide PIP_FIND_LINKS would otherwise take precedence.)
PIP_FROM := $(if $(wildcard $(WHEELHOUSE)/*.whl),--no-index --find-links $(WHEELHOUSE),)
PIP_ENV := $(if $(wildcard $(WHEELHOUSE)/*.whl),PIP_NO_INDEX=1 PIP_FIND_LINKS=$(abspath $(WHEELHOUSE)),)
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb)) $(wildcard notebooks/instructor/*.ipynb)

.PHONY: lab test notebooks bench docs exhaustive html pdf lite wheelhouse clean help

help:
	@echo "make lab        set up .venv and open the course in JupyterLab"
	@echo "make test       set up .venv with the test tools and run every check"
	@echo "make notebooks  fill the prose's numbers from the helpers, re-run every notebook, save it"
	@echo "make docs       regenerate docs/instructor_guide.md from the exercise registry"
	@echo "make bench      time notebooks, widgets, imports and format throughput (benchmarks/README.md)"
	@echo "make exhaustive check the number formats on all 2^32 float32 patterns (minutes)"
	@echo "make html       build a static site of the course in build/html, with a slide deck per notebook"
	@echo "make pdf        print a handout per notebook and the instructor guide to build/pdf (Chromium)"
	@echo "make lite       build a zero-install JupyterLite site in build/lite"
	@echo "make wheelhouse download every package once, for a classroom without internet"

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10) and "Python 3.10 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-lab: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_ENV) $(PIP) install -q $(PIP_FROM) $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP_ENV) $(PIP) install -q $(PIP_FROM) $(CONSTRAINTS) -e '.[test]'
	@touch $@ $(VENV)/.installed-lab

lab: $(VENV)/.installed-lab
	@$(BIN)/python -m helpers.tooling.lab notebooks/00_start_here.ipynb

test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

notebooks: $(VENV)/.installed-test
	$(BIN)/python -m helpers.tooling.prose fill docs/glossary.md
	$(BIN)/python -m helpers.tooling.run_notebooks $(NOTEBOOKS)

docs: $(VENV)/.installed-test
	$(BIN)/python -m helpers.exercises guide > docs/instructor_guide.md

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

# Every float32 bit pattern through helpers.formats.to_bits against the reference casts, in
# chunks of 2^24 (outside `make test`: it takes minutes).
exhaustive: $(VENV)/.installed-test
	$(BIN)/python benchmarks/exhaustive.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache

# ---- Publishing: a static site, a zero-install browser version, an offline classroom ----

html: $(VENV)/.installed-test
	$(BIN)/python -m helpers.tooling.publish html build/html

# One PDF per notebook and one for the instructor guide, printed by the Chromium on PATH.
pdf: $(VENV)/.installed-test
	$(BIN)/python -m helpers.tooling.publish pdf build/pdf

lite: $(VENV)/.installed-test
	$(BIN)/python -m helpers.tooling.publish lite build/lite

# Every package the course installs (runtime, tests, publishing, the build backend), downloaded
# once for this platform and Python; `make lab` and `make test` install from it when present.
wheelhouse: | $(BIN)/python
	$(PIP) download -q -d $(WHEELHOUSE) -r constraints.txt
	@echo "$(WHEELHOUSE)/ holds $$(ls $(WHEELHOUSE) | wc -l) files; copy the repository with it"
