# Mutu MPP — the two commands a new machine needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: venv translations translations-update run totp serve test test-pg test-browser test-durability lint bench clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

venv: $(BIN)/activate

## Compile the interface translations (app/translations/*/messages.po -> .mo)
translations: venv
	$(BIN)/pybabel -q compile --use-fuzzy -d app/translations

## After changing interface texts: extract them and update the .po files to translate
translations-update: venv
	$(BIN)/pybabel -q extract -F babel.cfg -k _l -o app/translations/messages.pot .
	$(BIN)/pybabel -q update -i app/translations/messages.pot -d app/translations --width 100

## Serve the app on SQLite (instance/mutu.sqlite3) with demo data: http://127.0.0.1:$(PORT)
run: venv translations
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi demo load --if-empty
	$(BIN)/flask --app wsgi demo serve --port $(PORT)

## The current sign-in code of the demo admin or evaluator: make totp EMAIL=admin@demo.mutu
totp: venv
	$(BIN)/flask --app wsgi demo totp $(EMAIL)

## Production: gunicorn with several workers, reading DATABASE_URL and MUTU_SECRET_KEY
## (MUTU_ENV=production unless MUTU_ENV is given: it refuses to start with the development key)
serve: venv translations
	MUTU_ENV=$${MUTU_ENV:-production} $(BIN)/flask --app wsgi db upgrade
	MUTU_ENV=$${MUTU_ENV:-production} $(BIN)/gunicorn --workers $${WORKERS:-4} --bind $${BIND:-127.0.0.1:$(PORT)} --access-logfile - wsgi:app

## The whole suite: lint, layering contracts, tests (browser tests too when chromium is present)
test: venv translations lint
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

## The suite on PostgreSQL: TEST_DATABASE_URL=postgresql+psycopg://... make test-pg
test-pg: venv translations
	@test -n "$$TEST_DATABASE_URL" || (echo "Set TEST_DATABASE_URL to a PostgreSQL database" && exit 2)
	$(BIN)/python -m pytest -m "not browser"

test-browser: venv translations
	$(BIN)/python -m pytest -m browser tests/browser

## Real gunicorn servers: one id delivered at once, SIGKILL mid-stream (PostgreSQL too if TEST_DATABASE_URL)
test-durability: venv
	MUTU_DURABILITY=1 $(BIN)/python -m pytest -m slow -rs tests/durability

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Benchmarks (never part of make test): BENCH_PG names a PostgreSQL server; needs wrk, sqlite3
bench: venv
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) instance/*.sqlite3*
