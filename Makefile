# The course's commands. Each one creates the virtual environment first when it is missing.
#   make lab    open the course in JupyterLab
#   make test   run the whole test suite
#   make test-fast  only the tests not marked slow (a minute or two)
#   make test-chapter CH=ch04  every test about one chapter
#   make build  rebuild release/, solutions/ and the executed walk-throughs from source/ and notebooks/
#   make grade CH=ch01 [WORKERS=N]  grade every submission of a chapter in submitted/ (README, step 5)
#   make clean  remove the virtual environment and caches

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The environment is rebuilt when the requirements change.
STAMP  := $(VENV)/.installed

# nbgrader and jupyter call their helper programs by name: the environment's bin/ comes first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: lab test test-fast test-chapter build grade clean graphviz

# The pinned packages (numpy 2.4 first) need Python 3.11 or newer: say so in one line rather than let pip
# fail deep in its output.
$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "The course needs Python 3.11 or newer, but '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing): install it (Debian/Ubuntu: sudo apt install python3.11 python3.11-venv; macOS: brew install python@3.11) and run: make PYTHON=python3.11 $(or $(MAKECMDGOALS),lab)"; \
	  exit 1; }
	@echo "Setting up the course environment in $(VENV)/ (the first time takes a few minutes: PyTorch,"
	@echo "JupyterLab and nbgrader are installed; pip shows each package as it goes)."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $(STAMP)
	@echo "The course environment is ready."

graphviz:
	@scripts/ensure-graphviz.sh

# Jupyter refuses to run as root unless told to (containers, Binder-like machines run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

# LAB_ARGS passes more options to JupyterLab, e.g. make lab LAB_ARGS="--no-browser --port=8890".
LAB_ARGS ?=
lab: $(STAMP) graphviz
	$(BIN)/jupyter lab $(ROOT_FLAG) --notebook-dir=. $(LAB_ARGS) README.md

test: $(STAMP) graphviz
	$(BIN)/python -m pytest -n auto --dist loadscope

test-fast: $(STAMP) graphviz
	$(BIN)/python -m pytest -n auto --dist loadscope -m "not slow"

test-chapter: $(STAMP) graphviz
	@test -n "$(CH)" || { echo "Say which chapter: make test-chapter CH=ch04"; exit 1; }
	$(BIN)/python -m pytest -n auto --dist loadscope -k $(CH)

build: $(STAMP) graphviz
	$(BIN)/python -m tools.build

grade: $(STAMP)
	@test -n "$(CH)" || { echo "Say which chapter: make grade CH=ch01"; exit 1; }
	$(BIN)/python -m tools.grading $(CH) $(if $(WORKERS),--workers $(WORKERS))

clean:
	rm -rf $(VENV) .pytest_cache build
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
