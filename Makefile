# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# What an empty database starts with: jinzhou (the shipped 2017 data), empty (the indicator
# catalogue only, for a new zone) or demo (made-up data over many years).
ZONE ?= jinzhou
HOST ?= 127.0.0.1
# make serve listens on IPv6 as well, at this address (empty for IPv4 only); skipped with a
# notice when the machine has no IPv6. Not "::" together with HOST=0.0.0.0: Linux's "::"
# socket takes IPv4 too, so that pair collides; HOST='[::]' HOST6= listens on both alone.
HOST6 ?= ::1
WEB_WORKERS ?= 4
WEB_THREADS ?= 2
# Background workers that make serve starts beside gunicorn (make run starts one).
JOB_WORKERS ?= 2
# pytest-xdist workers for make test, a test module per worker at a time (0 runs in one process).
TEST_WORKERS ?= 2

.PHONY: run serve test lint install install-dev clean messages browser-deps pdf-deps charts-bundle

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.runtime-installed $@

install: $(VENV)/.runtime-installed

install-dev: $(VENV)/.dev-installed

# The dev server, and a background worker beside it (large imports run there), stopped with it.
run: install
	$(PY) manage.py bootstrap --port $(PORT) --zone $(ZONE)
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} sh -c '$(PY) manage.py run_jobs -v 0 & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT; trap "exit 130" INT TERM; \
		$(PY) manage.py runserver 127.0.0.1:$(PORT)'

# Production-like: gunicorn, DEBUG off, static files through whitenoise after collectstatic,
# PostgreSQL's connection pool when DATABASE_URL names PostgreSQL, Redis when REDIS_URL is set.
serve: install
	$(PY) manage.py bootstrap --port $(PORT) --zone $(ZONE)
	DJANGO_STATIC_MANIFEST=1 $(PY) manage.py collectstatic --noinput -v0
	DJANGO_DEBUG=0 DJANGO_STATIC_MANIFEST=1 sh -c 'workers=""; \
		for i in $$(seq $(JOB_WORKERS)); do $(PY) manage.py run_jobs -v 0 & workers="$$workers $$!"; done; \
		trap "kill $$workers 2>/dev/null" EXIT; trap "exit 143" INT TERM; \
		bind6=""; if [ -n "$(HOST6)" ]; then \
			if $(PY) -c "import socket, sys; socket.socket(socket.AF_INET6).bind((sys.argv[1], 0))" "$(HOST6)" 2>/dev/null; \
			then bind6="--bind [$(HOST6)]:$(PORT)"; \
			else echo "IPv6 address $(HOST6) is not available here: listening on $(HOST) only"; fi; \
		fi; \
		DJANGO_DB_POOL=$${DJANGO_DB_POOL:-1} $(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) $$bind6 \
		--workers $(WEB_WORKERS) --threads $(WEB_THREADS) --worker-class gthread \
		--access-logfile - --graceful-timeout 10'

test: install-dev
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# After changing interface strings: collect them, translate the new ones in
# locale/en/LC_MESSAGES/django.po, then run this again to compile.
messages: install-dev
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# Debian's chromium (and CJK fonts for screenshots) for tests/browser; needs root.
browser-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk

# The report's PDF (WeasyPrint) needs Debian's Pango and HarfBuzz libraries and the CJK fonts it
# embeds, on every app server; needs root, and does nothing when they are already installed.
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
pdf-deps:
	@if [ "$$(dpkg-query -W -f='$${db:Status-Status}\n' $(PDF_PACKAGES) 2>/dev/null | grep -cx installed)" = "$(words $(PDF_PACKAGES))" ]; then \
		echo "PDF libraries and fonts are installed: $(PDF_PACKAGES)"; \
	else \
		apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(PDF_PACKAGES); \
	fi

# The ECharts build the chart pages load (static/vendor/echarts/echarts.custom.min.js): only the
# chart types and components static/js/charts.js uses, from the exact versions frontend/'s
# package-lock.json pins. Needs node and npm here only; the built file is committed, so running
# the site or its tests never does. Run it after changing frontend/ and commit the result.
charts-bundle:
	cd frontend && npm ci --no-audit --no-fund && node build.mjs
