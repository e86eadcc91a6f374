# Two commands on a fresh machine: `make report` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARTICLE ?= seeds/000_3f3b668070f041ac.txt
REPORTS ?= reports

.PHONY: report test lab bench venv clean strip

venv: $(STAMP)

# Re-install only when requirements.txt changes: a second run installs nothing.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "news_analysis.pth").write_text("$(CURDIR)\n")'
	touch $(STAMP)

report: $(STAMP)
	$(PY) -m utils.tools.report --article "$(abspath $(ARTICLE))" --out "$(abspath $(REPORTS))"

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(PY) -m utils.tools.bench

# Remove outputs and execution counts from the notebooks (they are committed stripped).
strip: $(STAMP)
	$(PY) -m utils.tools.notebooks strip notebooks/*.ipynb

clean:
	rm -rf $(REPORTS) data/processed/*/ .pytest_cache
