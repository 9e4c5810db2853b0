# Luoshi — set-up, tests, benchmarks. `make test` and `make bench` build .venv from the lock file.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: setup test bench lock clean

setup: $(STAMP)

$(STAMP): requirements/lock.txt pyproject.toml package-lock.json
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/lock.txt
	$(PY) -m pip install --quiet --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/bad_input.py

# Re-resolve the pinned versions after editing pyproject.toml's dependencies.
lock:
	$(PYTHON) -m venv /tmp/luoshi-piptools && /tmp/luoshi-piptools/bin/pip install --quiet pip-tools
	/tmp/luoshi-piptools/bin/pip-compile --quiet --extra test --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements/lock.txt pyproject.toml

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis
