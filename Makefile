# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: run test test-other-days bench chromium lint

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "citybot needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/citybot run

test: $(STAMP) chromium
	CHROMIUM_PATH="$$(sh .ci/find-chromium)" S3RVER_PATH="$$(sh .ci/find-s3rver)" $(BIN)/python -m pytest -q

test-other-days: $(STAMP) chromium
	sh .ci/test-on-other-days

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

chromium:
	@sh .ci/find-chromium >/dev/null
