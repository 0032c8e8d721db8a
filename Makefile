# Qauipsiz: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs everything CI runs.
# Run `make help` for the other targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# `make test` is a sequence of gates that must fail at the first failure, in order, even under `make -j`.
.NOTPARALLEL:

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Records which pyproject.toml the venv was installed from, so that pip runs only when it changes.
INSTALL_STAMP := $(VENV)/.installed-dev
ADDRESS ?= 127.0.0.1:8000
# The address the demo's printed QR codes and e-mail links carry: the demo's own (a bare port is on 127.0.0.1), unless
# SITE_URL is already in the environment. Exported to `make run` only: other targets keep the settings' default.
DEMO_SITE_URL := $(or $(SITE_URL),http://$(if $(findstring :,$(ADDRESS)),$(ADDRESS),127.0.0.1:$(ADDRESS)))
# Both cores: the suite runs twice (SQLite, PostgreSQL), so parallel workers pay. PYTEST_ARGS= runs it serially.
PYTEST_ARGS ?= -n auto
CHROMIUM := /usr/bin/chromium
# The PostgreSQL run leaves out the tests whose outcome cannot depend on the database: the browser's pages, the
# printed forms, the permit rules' clause-by-clause cases and the API fuzzing (each runs on SQLite). The whole suite
# twice took more than CI's 90 minutes on two cores (SQLite ~35 min, PostgreSQL ~66 min). What stays on PostgreSQL is
# what the database decides: locks and concurrency, numbering, append-only records, constraints, queries and their
# counts, the API's storage, backups, imports, every domain but the permits' rule cases. `make test-postgres
# PG_SKIPS=` runs the whole suite there.
PG_KEEP_PERMITS := $(addprefix tests/permits/,test_344_cl05_no_corrections.py test_344_cl13_numbering.py \
	test_344_cl13_cl15_register_api.py test_344_cl13_cl15_register_archive.py test_344_cl14_cl15_storage.py \
	test_issue11_kiosk_api.py)
PG_SKIPS ?= tests/browser tests/security/test_api_schema.py tests/documents \
	$(filter-out $(PG_KEEP_PERMITS),$(wildcard tests/permits/test_344_*.py tests/permits/test_issue11_*.py \
	tests/permits/test_documents*.py)) \
	$(addprefix tests/permits/,test_transition_matrix.py test_analytics.py test_views_actions.py \
	test_views_support.py test_work_types.py)
APT_GET := DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600

# Signs sessions and password-reset links: generated once and kept out of git in var/, so that logins survive a
# restart. A SECRET_KEY already in the environment wins. Read at each recipe line, so it is there once generated.
SECRET_KEY_FILE := var/secret_key
ifndef SECRET_KEY
export SECRET_KEY = $(shell cat $(SECRET_KEY_FILE) 2>/dev/null)
endif

QAUIPSIZ := $(BIN)/qauipsiz

define header
	@printf '\n======== %s ========\n' "$(1)"
endef

# pytest exits 5 when it collected no test: a suite that ran nothing has not passed.
define pytest_strict
	@echo "+ $(1)"; rc=0; $(1) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "ERROR: pytest collected no tests"; exit 1; fi; exit $$rc
endef

# Installs the Debian packages in $$missing when running as root; apt-get update runs once, and only if needed.
define apt_install
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(APT_GET) update && $(APT_GET) install -y $$missing; \
	  else \
	    echo "NOTE: missing Debian packages:$$missing (as root: apt-get install -y$$missing)"; \
	  fi; \
	fi
endef

# True when PostgreSQL server binaries are where tests/pgcluster.py looks for them.
HAVE_POSTGRES := { [ -n "$${PG_BINDIR:-}" ] && [ -x "$${PG_BINDIR:-}/initdb" ]; } \
	|| ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
	|| [ -x "$$(pg_config --bindir 2>/dev/null)/initdb" ]

.PHONY: help
help:
	@echo "make run            install, migrate, load the demo data and serve on http://$(ADDRESS)"
	@echo "make test           ruff, import contracts, bandit, migrations check, messages, pytest on SQLite then on PostgreSQL (what CI runs)"
	@echo "make lint           ruff check ."
	@echo "make imports        the import contracts: imports point down the layers only (pyproject.toml)"
	@echo "make security       bandit: fails on any high-severity finding in qauipsiz/"
	@echo "make test-sqlite    pytest on SQLite        (PYTEST_ARGS='-k healthz -x' narrows it; default -n auto)"
	@echo "make test-postgres  pytest on a throwaway PostgreSQL cluster"
	@echo "make messages       compile the translations"
	@echo "make messages-update  refresh the kk/ru catalogues from the code (then translate what is new)"
	@echo "make clean          remove caches and test artifacts (keeps .venv and var/, which holds your data)"

# --- Environment --------------------------------------------------------------------------------------------------

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "ERROR: $(PYTHON) not found; install Python 3.11+ or run make PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "ERROR: Qauipsiz needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1). Run make PYTHON=python3.11"; \
	  exit 1; }
	@# Debian ships venv's pip bootstrap separately.
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { missing=" python3-venv"; $(apt_install); }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }

$(INSTALL_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

$(SECRET_KEY_FILE): | $(BIN)/python
	@mkdir -p $(dir $@)
	@umask 077 && $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@
	@chmod 600 $@
	@echo "Generated a new SECRET_KEY in $@"

.PHONY: setup sysdeps-run sysdeps-test
setup: $(INSTALL_STAMP) $(SECRET_KEY_FILE)

sysdeps-run:
	@missing=""; command -v msgfmt >/dev/null || missing="$$missing gettext"; $(apt_install)

sysdeps-test:
	@missing=""; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium fonts-dejavu-core"; \
	$(HAVE_POSTGRES) || missing="$$missing postgresql"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	$(apt_install)
	@# CI must never pass by skipping: fail now rather than after the SQLite half.
	@if [ "$${CI:-}" = true ]; then \
	  [ -x $(CHROMIUM) ] || { echo "ERROR: CI=true and $(CHROMIUM) is missing (apt-get install chromium)"; exit 1; }; \
	  $(HAVE_POSTGRES) || { echo "ERROR: CI=true and no PostgreSQL server binaries (apt-get install postgresql-15)"; exit 1; }; \
	fi

.PHONY: messages
messages: setup
	@if [ -n "$$(find qauipsiz/locale -name '*.po' 2>/dev/null | head -n 1)" ]; then \
	  echo "+ $(QAUIPSIZ) compilemessages --ignore=$(VENV)"; $(QAUIPSIZ) compilemessages --ignore=$(VENV); \
	else \
	  echo "No .po files under qauipsiz/locale: nothing to compile."; \
	fi

# Refreshes the kk and ru catalogues from the code; translate the new entries before committing
# (tests/test_i18n.py fails on any untranslated, fuzzy or stale message).
.PHONY: messages-update
messages-update: setup
	cd qauipsiz && ../$(BIN)/python -m django makemessages -l kk -l ru --add-location file --no-obsolete

# --- Run ----------------------------------------------------------------------------------------------------------

.PHONY: run
run: export SITE_URL = $(DEMO_SITE_URL)
run: setup sysdeps-run
	$(call header,translations)
	@$(MAKE) --no-print-directory messages
	$(call header,database)
	$(QAUIPSIZ) migrate --noinput
	$(QAUIPSIZ) collectstatic --noinput -v 0
	$(QAUIPSIZ) demo --if-empty
	$(call header,demo logins)
	@$(QAUIPSIZ) demo --logins
	$(call header,serving http://$(ADDRESS)/ (Ctrl-C stops))
	$(QAUIPSIZ) serve $(ADDRESS)

# --- Test ---------------------------------------------------------------------------------------------------------

.PHONY: test lint imports security migrations-check test-sqlite test-postgres
test: setup sysdeps-test
	$(call header,ruff check)
	@$(MAKE) --no-print-directory lint
	$(call header,import contracts)
	@$(MAKE) --no-print-directory imports
	$(call header,bandit (high severity))
	@$(MAKE) --no-print-directory security
	$(call header,makemigrations --check)
	@$(MAKE) --no-print-directory migrations-check
	$(call header,compilemessages)
	@$(MAKE) --no-print-directory messages
	$(call header,pytest on SQLite)
	@$(MAKE) --no-print-directory test-sqlite
	$(call header,pytest on PostgreSQL)
	@$(MAKE) --no-print-directory test-postgres
	$(call header,all checks passed)

lint: $(INSTALL_STAMP)
	$(BIN)/ruff check .

imports: $(INSTALL_STAMP)
	$(BIN)/lint-imports --no-cache

# Ruff's S rules already flag the risky calls line by line; bandit is the gate: no high-severity finding at all.
security: $(INSTALL_STAMP)
	$(BIN)/bandit -r qauipsiz -lll

migrations-check: setup
	$(QAUIPSIZ) makemigrations --check --dry-run

test-sqlite: setup
	$(call pytest_strict,env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS))

test-postgres: setup
	$(call pytest_strict,$(BIN)/python -m tests.pgcluster -- $(BIN)/pytest $(PYTEST_ARGS) $(addprefix --ignore=,$(PG_SKIPS)))

# --- Housekeeping -------------------------------------------------------------------------------------------------

.PHONY: clean
clean:
	rm -rf test-artifacts .pytest_cache .ruff_cache build dist *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
