# Two commands do everything on a fresh machine:  make demo   and   make test
# (the browser tests drive Debian's /usr/bin/chromium; the test set-up installs it with apt-get when absent)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test bench clean-venv

$(STAMP): pyproject.toml requirements.lock Makefile
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -c requirements.lock -e '.[all,dev,browser,dask]'
	touch $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/newsprism analyze examples/blinken-2023 --out out/

test: $(STAMP)
	$(PY) -m pytest -q

# Benchmarks need the bench extras (textacy baseline, playwright) and Debian's chromium for browser_check.py.
bench: $(STAMP)
	$(PY) -m pip install -q -c requirements.lock -e '.[all,dev,dask,bench,browser]'
	for f in bench/bench_*.py bench/browser_check.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean-venv:
	rm -rf $(VENV)
