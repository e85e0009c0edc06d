# fitcheck: `make run` to try it, `make test` to check it. See README.md.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
# The first interpreter that is 3.12 or newer (Django 6 needs it).
PYTHON := $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: run test install lint format messages bench clean

$(VENV)/.installed: pyproject.toml
	@if [ -z "$(PYTHON)" ]; then \
		echo "fitcheck needs Python 3.12 or newer (tried python3.13, python3.12, python3)."; \
		echo "Install one (e.g. apt-get install python3.13, or pyenv install 3.12) and retry."; \
		exit 1; fi
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed

# Local settings for the manage.py commands of the README (ignored by git, never overwritten).
.env:
	@printf '# Written by make run for development on this machine; environment variables win.\nDEBUG=true\n' > $@

run: install .env
	DEBUG=true $(PY) manage.py migrate --no-input
	DEBUG=true $(PY) manage.py seed_demo --port $(PORT)
	DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@DEBUG=true $(PY) tests/run_suite.py $(ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles

# Benchmark (issues 7 and 16, warm and cold rounds): ~9 minutes; PostgreSQL on 127.0.0.1:5432,
# or BENCH_DB=sqlite.
# Options: make bench ARGS="--duration 5 --clients 2000". Not part of `make test`.
bench: install
	$(PY) bench/run.py $(ARGS)

# Soak (issue 6): 50 sessions of mixed reads and writes for 60 s, then the checks.
.PHONY: soak
soak: install
	$(PY) bench/soak.py $(ARGS)
