# Needs only Python 3.11+ and pip. `make run` converts the sample archive, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test clean report-check report-screenshot

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,crosscheck]'
	touch $@

run: $(BIN)/.installed
	$(BIN)/annexparse batch pdfs -o output
	$(BIN)/annexparse qa output --pdfs pdfs -o output/report.html

# The QA report in headless Chromium (apt-get install chromium) at 390 px (a phone) and 1280 px:
# prints each width's scrollWidth, whether every page crop opens larger and whether the summary
# tables show every column; writes output/report-390.png and output/report-1280.png. Fails when
# the page overflows, a crop does not open or a summary column is out of view.
report-check: $(BIN)/.installed
	test -f output/report.html || $(MAKE) run
	$(BIN)/python scripts/report_check.py output/report.html

# One tall desktop screenshot of the report, output/report.png.
report-screenshot:
	test -f output/report.html || $(MAKE) run
	chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
		--hide-scrollbars --window-size=1280,9000 --screenshot=output/report.png file://$(CURDIR)/output/report.html

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) output
