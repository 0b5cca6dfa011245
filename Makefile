PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run report lab notebooks test clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/jdpipe run --input data/raw --out data/processed

data/processed/records.jsonl:
	$(MAKE) run

report: $(STAMP)
	$(BIN)/jdpipe report --dir data/processed

# JupyterLab on notebooks/ (after `make run`); installed into .venv on first use
lab: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,notebook]'
	$(BIN)/jupyter lab notebooks/ $$([ "$$(id -u)" = 0 ] && echo --allow-root)

# Both notebooks executed top to bottom on data/processed (`make run` first when it is empty),
# written as HTML to data/processed/notebooks
notebooks: $(STAMP) data/processed/records.jsonl
	$(BIN)/jupyter nbconvert --to html --execute --output-dir data/processed/notebooks notebooks/*.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest -q

clean:
	rm -rf data/processed
