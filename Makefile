# Two commands: `make run` serves the app with demo data, a Celery worker and beat;
# `make test` lints and runs the whole suite. Both set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST_PORT ?= 127.0.0.1:8000
# Backups: `make backup` writes one timestamped folder under BACKUP_DIR; `make restore
# BACKUP=<that folder>` puts it back into DATABASE_URL and MEDIA_ROOT.
BACKUP_DIR ?= var/backups
MEDIA_ROOT ?= var/media

.PHONY: run test install assets lint security pytest audit clean drills backup restore bench bench-data

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (found $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

static/build/.built: node_modules/.installed scripts/build-assets.mjs static/scss/application.scss
	npm run build
	touch $@

install: $(BIN)/.installed static/build/.built

assets: static/build/.built

run: install
	mkdir -p var/celery-broker/processed var/celery-broker/control
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo
	@echo "Serving on http://$(HOST_PORT)/ with a Celery worker and beat. Ctrl-C stops all three."
	DEBUG=1 HOST_PORT=$(HOST_PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

lint: install
	$(BIN)/ruff check .

# Static security analysis: no finding of medium severity or higher (each exemption is
# justified where it is made).
security: install
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive . --severity-level medium

pytest: install
	$(BIN)/pytest

test: lint security pytest

# Known vulnerabilities in the Python and npm dependencies, from PyPI's and npm's advisory
# data. A dependency that could not be checked fails the target (--strict): an unreachable
# advisory service is not a pass.
audit: install
	@status=0; \
	$(BIN)/pip-audit --strict --local --skip-editable --progress-spinner off || status=1; \
	npm audit || status=1; \
	exit $$status

# Reliability drills against PostgreSQL (DATABASE_URL), real workers, beat and Redis.
drills: install
	$(BIN)/python scripts/drills/run_all.py

# Speed of the pages against gunicorn and PostgreSQL (DATABASE_URL, filled by `make bench-data`):
# writes docs/benchmarks.md. BENCH_SECONDS (default 180, at least 60) is the load's length.
bench: install $(BIN)/.bench-installed
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the PostgreSQL database to measure (make bench-data fills one)"; exit 2; }
	$(BIN)/python scripts/bench/run.py

$(BIN)/.bench-installed: pyproject.toml
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

# National-scale data for measuring pages: the demo data, then ten years of national data
# (seed_demo --scale national), in the database DATABASE_URL names (a new one: it refuses a
# database that already has the national data).
bench-data: install
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the (PostgreSQL) database to fill"; exit 2; }
	mkdir -p var/celery-broker/processed var/celery-broker/control
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py seed_demo --scale national

backup:
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the database to back up"; exit 2; }
	@folder="$(BACKUP_DIR)/$$(date -u +%Y%m%dT%H%M%SZ)" && mkdir -p "$$folder" \
	&& pg_dump --format=custom --no-owner --no-privileges --file="$$folder/database.dump" \
		"$$DATABASE_URL" \
	&& mkdir -p "$(MEDIA_ROOT)" && tar -czf "$$folder/media.tar.gz" -C "$(MEDIA_ROOT)" . \
	&& echo "Backed up to $$folder"

restore:
	@test -n "$(BACKUP)" || { echo "Set BACKUP to a folder made by make backup"; exit 2; }
	@test -n "$$DATABASE_URL" || { echo "Set DATABASE_URL to the database to restore into"; exit 2; }
	pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
		--exit-on-error --dbname="$$DATABASE_URL" "$(BACKUP)/database.dump"
	mkdir -p "$(MEDIA_ROOT)" && tar -xzf "$(BACKUP)/media.tar.gz" -C "$(MEDIA_ROOT)"
	@echo "Restored $(BACKUP) into the database and $(MEDIA_ROOT)"

clean:
	rm -rf $(VENV) node_modules static/build var .pytest_cache .ruff_cache
