# Two commands on a fresh machine: `make report` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# make report ARTICLE="data/raw/my articles/story.txt" PARAMS="KWIC_TERM=Raisi TOP_N=10" [REPORTS=dir]
# make report CORPUS=data/raw/news.jsonl [QUERY='raisi AND putin']   (the corpus notebooks, on the corpus)
# make report ARTICLE=a.txt ARTICLE_B=b.txt   (the notebooks comparing two articles, on the pair)
# make report SELF_CONTAINED=1               (every page carries its own plotly.js; default: one plotly.min.js per folder)
# Paths may hold spaces and any letters: they reach Python through the environment, unsplit,
# and relative ones are taken from the project folder (where make runs, as with make -C).
ARTICLE ?=
ARTICLE_B ?=
CORPUS ?=
QUERY ?=
SELF_CONTAINED ?=
PARAMS ?=
NOTEBOOKS ?=
ALLOW_OTHER_LANGUAGE ?=
REPORTS ?= $(or $(NEWS_REPORTS_DIR),reports)
CALLER_DIR := $(CURDIR)

.PHONY: report test lab bench venv clean strip

venv: $(STAMP)

# Re-install only when requirements.txt changes: a second run installs nothing.
$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "news_analysis.pth").write_text("$(CURDIR)\n")'
	touch $(STAMP)

report: export REPORT_ARTICLE = $(ARTICLE)
report: export REPORT_ARTICLE_B = $(ARTICLE_B)
report: export REPORT_CORPUS = $(CORPUS)
report: export REPORT_QUERY = $(QUERY)
report: export REPORT_PARAMS = $(PARAMS)
report: export REPORT_NOTEBOOKS = $(NOTEBOOKS)
report: export REPORT_OUT = $(REPORTS)
report: export REPORT_CWD = $(CALLER_DIR)
report: $(STAMP)
	$(PY) -m utils.report --cwd "$$REPORT_CWD" --article "$$REPORT_ARTICLE" --article-b "$$REPORT_ARTICLE_B" \
		--corpus "$$REPORT_CORPUS" --query "$$REPORT_QUERY" \
		--params "$$REPORT_PARAMS" --notebooks "$$REPORT_NOTEBOOKS" --out "$$REPORT_OUT" \
		$(if $(filter-out 0,$(ALLOW_OTHER_LANGUAGE)),--allow-other-language) \
		$(if $(filter-out 0,$(SELF_CONTAINED)),--self-contained)

test: $(STAMP)
	$(PY) -m pytest

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: $(STAMP)
	$(PY) -m evaluation.bench
	$(PY) -m evaluation.bench_scale --from-bench
	$(PY) -m evaluation.bench_stories scale from-bench

# Remove outputs and execution counts from the notebooks (they are committed stripped).
strip: $(STAMP)
	$(PY) -m utils.report.notebooks strip notebooks/*.ipynb

clean: export REPORT_OUT = $(REPORTS)
clean:
	rm -rf "$$REPORT_OUT" data/processed/*/ .pytest_cache
