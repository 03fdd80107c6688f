# Two commands do all the set-up: `make run` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

# The first Python >= 3.12 found: PYTHON=..., then python3.13/3.12/python3 on PATH, then pyenv's.
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3 $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)

.PHONY: run test install migrate demo worker beat serve lint format bench check-deploy clean coverage-core core-tests-list

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "error: Python 3.12 or newer is needed (Django 6.1), and none was found." >&2; \
		echo "       Install it (e.g. 'pyenv install 3.12') or run: make PYTHON=/path/to/python3.12 ..." >&2; \
		exit 1; fi
	@echo "Creating $(VENV) with $(PYTHON) ($$($(PYTHON) --version))"
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# `make run PORT=8001` serves another port; emailed links follow it (SITE_URL's default).
PORT ?= 8000
run: demo
	@echo "Serving on http://127.0.0.1:$(PORT) (Ctrl-C stops it)"
	PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# The running maths (Django-free modules) is covered line by line by its own tests.
CORE := athletes.paces athletes.units athletes.fitness workouts.progression workouts.plan_text workouts.presets \
	workouts.block_plan workouts.frozen_targets athletes.visibility workouts.fit_workout workouts.activity_files workouts.review \
	workouts.pairing workouts.fit_activity workouts.log_review workouts.fixes workouts.svg_scales
CORE_TESTS := tests/athletes/test_paces.py tests/athletes/test_units.py tests/athletes/test_fitness.py \
	tests/workouts/test_progression.py tests/workouts/test_plan_text.py tests/workouts/test_presets.py \
	tests/workouts/test_block_plan.py tests/workouts/test_frozen_targets.py tests/athletes/test_visibility.py \
	tests/workouts/test_fit_workout.py tests/workouts/test_activity_files.py tests/workouts/test_review.py \
	tests/workouts/test_review_walk.py \
	tests/workouts/test_pairing.py tests/workouts/test_fit_activity.py tests/workouts/test_log_review.py \
	tests/workouts/test_fixes.py tests/workouts/test_review_boundaries.py tests/workouts/test_svg_scales.py
# The core's tests, for CI to run once (under coverage) instead of in each pass as well.
core-tests-list:
	@echo $(CORE_TESTS)

coverage-core: install
	$(PY) -m pytest -q -n auto $(CORE_TESTS) $(addprefix --cov=,$(CORE)) \
		--cov-report=term-missing --cov-fail-under=100

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Real services: REDIS_URL and (usually) DATABASE_URL must be set.
worker: install
	$(BIN)/celery -A coach worker --loglevel=INFO --concurrency=2

beat: install
	$(BIN)/celery -A coach beat --loglevel=INFO --schedule=$${CELERY_BEAT_FILE:-/tmp/coach-celerybeat-schedule}

# Production-like: gunicorn + worker + beat (Procfile) against PostgreSQL and Redis.
serve: install
	@test -n "$$REDIS_URL" || { echo "error: set REDIS_URL (and DATABASE_URL) for make serve" >&2; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v0
	$(BIN)/honcho start

check-deploy: install
	DJANGO_ENV=production $(PY) manage.py check --deploy --fail-level WARNING

bench: install
	$(PY) -m pytest benchmarks -p no:cacheprovider -q -s

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
