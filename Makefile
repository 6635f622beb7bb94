# Set-up, demo and tests on a Debian machine. Run as root for the TeX Live packages, or install them
# yourself first: `make tex` installs nothing when pdflatex and every file in TEX_FILES are present.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEX_PACKAGES := texlive-latex-base texlive-latex-recommended texlive-latex-extra \
	texlive-pictures texlive-fonts-recommended lmodern latexmk
# The LaTeX files the templates load beyond texlive-latex-base; any one missing means an install.
TEX_FILES := amsmath.sty adjustbox.sty enumitem.sty parskip.sty lmodern.sty

.PHONY: setup tex venv demo test lint bench clean

setup: tex venv

tex:
	@if command -v pdflatex >/dev/null 2>&1 && kpsewhich $(TEX_FILES) | [ $$(wc -l) -eq $(words $(TEX_FILES)) ]; then \
		echo "TeX Live found: $$(command -v pdflatex)"; \
	else \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES); \
	fi

venv: $(BIN)/derive

$(BIN)/derive: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

demo: setup
	$(BIN)/derive demo --output output
	$(BIN)/derive solve eigenvalues '25 2 9; 5 26 -5; 3 7 -1' -o output/eigenvalues.pdf
	@echo "Open output/course-solution.pdf (worked solutions), output/course-problem.pdf and output/course-answers.pdf"

test: setup
	$(BIN)/pytest -q -n 2

lint: venv
	$(BIN)/ruff check derive tests bench
	$(BIN)/ruff format --check derive tests bench

bench: venv
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
