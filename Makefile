PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run report lab test clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/jdpipe run --input data/raw --out data/processed

report: $(STAMP)
	$(BIN)/jdpipe report --dir data/processed

# JupyterLab on notebooks/ (after `make run`); installed into .venv on first use
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,notebook]'
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf data/processed
