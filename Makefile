# Two commands on a fresh machine: `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Local commands read the local .env (settings ignore it unless asked: see README).
LOCAL := DJANGO_READ_DOT_ENV_FILE=1
# Debian packages the full suite needs: a browser for the page tests, Pango and a CJK font for
# PDFs, gettext for compiling translations, pg_dump/pg_restore for the PostgreSQL backup test.
APT_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 gettext postgresql-client
PO := $(wildcard locale/*/LC_MESSAGES/django.po */locale/*/LC_MESSAGES/django.po)
MO := $(PO:.po=.mo)
PYTEST_ARGS ?= -n auto --dist loadfile

.PHONY: run serve backup restore test test-fast setup demo manage lint typecheck pytest system-deps messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

%.mo: %.po | $(BIN)/.installed
	$(LOCAL) DJANGO_DEBUG=1 $(MANAGE) compilemessages --ignore=.venv --ignore=build -v0

# Local development defaults for the commands below (and `make manage`); the environment
# always wins.
.env:
	printf 'DJANGO_DEBUG=1\n' > $@

setup: $(BIN)/.installed $(MO) .env

demo: setup
	$(LOCAL) DJANGO_DEBUG=1 $(MANAGE) migrate --noinput -v0
	$(LOCAL) DJANGO_DEBUG=1 $(MANAGE) loaddemo

run: demo
	$(LOCAL) DJANGO_DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# Production: the environment alone (never the local .env), static files collected, migrated,
# then gunicorn as kamtraining/gunicorn_conf.py reads it from the environment. See README.
serve: setup
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) migrate --noinput -v0
	exec $(BIN)/gunicorn -c python:kamtraining.gunicorn_conf

# The database and the stored files in one archive (README, "Operations"): `make backup
# [OUT=file]`, `make restore FILE=file [ARGS=--replace]`. pg_dump/pg_restore on PostgreSQL.
backup: setup
	$(LOCAL) $(MANAGE) backup $(if $(OUT),--output "$(OUT)")

restore: setup
	@test -n "$(FILE)" || { echo 'Name the archive: make restore FILE=backups/....tar.gz'; exit 2; }
	$(LOCAL) $(MANAGE) restore "$(FILE)" $(ARGS)

# Any other command with the local .env, e.g. `make manage ARGS="import_participants x.xlsx"`.
manage: setup
	$(LOCAL) $(MANAGE) $(ARGS)

# lint-imports checks the one-way rule between apps (pyproject.toml, [tool.importlinter]).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy .

pytest: setup system-deps
	DJANGO_SETTINGS_MODULE=tests.settings $(MANAGE) makemigrations --check --dry-run -v0
	$(BIN)/pytest $(PYTEST_ARGS)

test: lint typecheck pytest

# The edit-run loop: the suite without the browser (e2e) and generated-input (fuzz) tests.
# `make test` stays the whole suite; run it before you push.
test-fast: setup
	$(BIN)/pytest $(PYTEST_ARGS) -m "not e2e and not fuzz"

# Installs what is missing when we may (root with apt-get); otherwise the tests that need it skip.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "Missing Debian packages:$$missing (browser and PDF tests will skip)"; fi

messages: setup
	$(LOCAL) DJANGO_DEBUG=1 $(MANAGE) makemessages -l zh_Hans --ignore=.venv --ignore=build --ignore=tests --ignore=bench --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 $(MO)
