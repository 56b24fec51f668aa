# Two commands for a fresh machine (Debian, Python 3.11):
#   make run    install, migrate, demo content and a staff login, serve on :8000
#               (make run PORT=8101 HOST=0.0.0.0 serves elsewhere; links follow)
#   make test   install and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# The interface catalogues (locale/<lang>/LC_MESSAGES/django.po) compiled to .mo with
# Babel, a Python package the install brings: Django's compilemessages would need GNU
# gettext (msgfmt) from the system, one more thing a fresh machine would lack.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	$(BIN)/python -m babel.messages.frontend compile --statistics -i $< -o $@

install: $(VENV)/.installed $(MO_FILES)

# The site's public address (canonical links, feeds, sitemaps, share links, the printed
# admin link) is where `make run` serves it, unless SITE_URL is given.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py import_articles demo/data/al-mayadeen-article-page.txt
	$(BIN)/python manage.py demo_login
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) staticfiles $(MO_FILES)
