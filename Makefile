# layout — two commands on a fresh Debian machine with Python 3.11 and make:
#   make run    set up (virtualenv, package, fonts, stand-in photos) and build the sample edition
#   make test   the same set-up, then lint (ruff, mypy) and the whole test suite
SHELL := /bin/bash
# The interpreter: Debian's own python3 where it is 3.11 or newer (linked statically and built with profile-guided
# optimisation, it runs a build on ~13 % less CPU than a shared-library build such as pyenv's default: README,
# Speed), else the first python3 on PATH; `make PY=...` chooses another.
PY ?= $(shell /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && \
        echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
EDITION ?= issues/2021-year-end
FONT_FILES := NotoSerifCJK-Regular.ttc NotoSerifCJK-Bold.ttc NotoSansCJK-Bold.ttc LXGWWenKai-Regular.ttf
FONT_PKGS := fonts-noto-cjk fonts-lxgw-wenkai
LOCAL_FONTS := .cache/fonts

ICC_DIR := .cache/icc
ICC := $(ICC_DIR)/ISOnewspaper26v4.icc
APT_ICC = -o Dir::Etc::SourceList=$(CURDIR)/$(ICC_DIR)/apt/sources.list -o Dir::Etc::SourceParts=/dev/null \
          -o Dir::State::Lists=$(CURDIR)/$(ICC_DIR)/apt/lists -o Dir::Cache=$(CURDIR)/$(ICC_DIR)/apt/cache

.PHONY: run test lint setup native fonts icc ghostscript standins chromium bench check fuzz golden clean distclean

run: setup standins
	$(BIN)/layout build $(EDITION)

test: setup standins chromium lint
	$(BIN)/python -m pytest -q

# Static checks, configured in pyproject.toml; `make test` runs them before the tests.
# Both always run (one report of everything); the target fails if either finds something.
lint: $(VENV)/.installed
	$(BIN)/ruff check src tests scripts; ruff=$$?; $(BIN)/mypy src/layout && exit $$ruff

setup: $(VENV)/.installed native fonts icc ghostscript

# The text layer (measure, linebreak, setline) compiled by mypyc into .cache/native/ when its sources changed
# (~15 s); without a C compiler layout runs as plain Python, the same output (src/layout/native.py).
# Debian's python3 keeps its headers in python3-dev: installed with gcc when missing and we are root.
native: $(VENV)/.installed
	@inc=$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["include"])'); \
	if { [ ! -f "$$inc/Python.h" ] || ! command -v gcc >/dev/null; } && [ "$${inc#/usr/include/}" != "$$inc" ] && \
	   [ "$$(id -u)" = 0 ]; then \
	  echo "native: no C compiler or Python headers — installing Debian's gcc and python3-dev"; \
	  apt-get install -y --no-install-recommends gcc python3-dev >/dev/null 2>&1 || \
	  (apt-get update >/dev/null && apt-get install -y --no-install-recommends gcc python3-dev >/dev/null) || true; \
	fi; \
	$(BIN)/python scripts/compile_native.py

# Ghostscript (Debian's package) renders each page to CMYK for `layout preflight`'s total ink on the composited
# page. Installed when we are root; otherwise the preflight says the composite was not measured (a warning).
ghostscript:
	@if command -v gs >/dev/null; then echo "ghostscript: present"; \
	elif [ "$$(id -u)" = 0 ]; then echo "ghostscript: installing"; \
	  apt-get install -y --no-install-recommends ghostscript >/dev/null 2>&1 || \
	  (apt-get update >/dev/null && apt-get install -y --no-install-recommends ghostscript >/dev/null); \
	else echo "ghostscript: missing (not root): apt-get install ghostscript for the composited ink check"; fi

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || { \
	  echo "$(PY) -m venv failed: installing python3-venv"; rm -rf $(VENV); \
	  { apt-get install -y python3-venv >/dev/null 2>&1 || \
	    (apt-get update >/dev/null && apt-get install -y python3-venv >/dev/null); } && $(PY) -m venv $(VENV); } || { \
	  echo "no virtualenv from $(PY): using python3 on PATH"; rm -rf $(VENV); python3 -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 $(BIN)/python -m pip install -q -e '.[test]'
	@touch $@

# Fonts come from Debian's packages: installed system-wide when we are root, otherwise
# downloaded with apt-get and unpacked into .cache/fonts (no root needed). Files a user
# drops into fonts/ (named <role>.otf/.ttf/.ttc) override the roles.
fonts:
	@missing=""; for f in $(FONT_FILES); do \
	  if ! find /usr/share/fonts /usr/local/share/fonts $(LOCAL_FONTS) -name "$$f" 2>/dev/null | grep -q .; then missing="$$missing $$f"; fi; \
	done; \
	if [ -z "$$missing" ]; then echo "fonts: all present"; exit 0; fi; \
	echo "fonts: missing$$missing — installing $(FONT_PKGS)"; \
	if [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y --no-install-recommends $(FONT_PKGS) >/dev/null 2>&1 || \
	   (apt-get update >/dev/null && apt-get install -y --no-install-recommends $(FONT_PKGS) >/dev/null)) && exit 0; \
	fi; \
	mkdir -p $(LOCAL_FONTS)/debs && cd $(LOCAL_FONTS)/debs && apt-get download $(FONT_PKGS) && \
	for d in *.deb; do dpkg-deb -x "$$d" ..; done && echo "fonts: unpacked into $(LOCAL_FONTS)"

# The newsprint profile ISOnewspaper26v4 (IFRA26, free use) is in Debian's non-free icc-profiles:
# fetched with a private sources list, so the system's apt sources stay as they are.
icc: $(ICC)

$(ICC):
	@mkdir -p $(ICC_DIR)/apt/lists/partial $(ICC_DIR)/apt/cache/archives/partial $(ICC_DIR)/debs
	@. /etc/os-release; echo "deb http://deb.debian.org/debian $${VERSION_CODENAME:-bookworm} non-free" > $(ICC_DIR)/apt/sources.list
	apt-get -qq $(APT_ICC) update
	cd $(ICC_DIR)/debs && apt-get -qq $(APT_ICC) download icc-profiles 2>/dev/null
	dpkg-deb -x $(ICC_DIR)/debs/icc-profiles_*.deb $(ICC_DIR)/pkg
	cp $(ICC_DIR)/pkg/usr/share/color/icc/ISOnewspaper26v4.icc $(ICC_DIR)/pkg/usr/share/color/icc/ISOnewspaper26v4_gr.icc $(ICC_DIR)/
	cp $(ICC_DIR)/pkg/usr/share/doc/icc-profiles/copyright $(ICC_DIR)/icc-profiles.copyright
	rm -rf $(ICC_DIR)/pkg $(ICC_DIR)/debs

# The proof desk's browser tests (tests/desk) drive Debian's chromium through Playwright; Playwright's own
# browser download is never used (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD above, executable_path in the tests).
chromium:
	@if [ -x /usr/bin/chromium ]; then echo "chromium: present"; exit 0; fi; \
	echo "chromium: missing — installing Debian's chromium"; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || \
	  (apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null); \
	else echo "chromium: not root — install it with: sudo apt-get install chromium (the browser tests skip meanwhile)"; fi

standins: $(VENV)/.installed fonts
	@for e in issues/*/edition.yaml; do $(BIN)/python scripts/make_standins.py "$$(dirname $$e)"; done

bench: setup standins $(VENV)/.bench
	$(BIN)/python scripts/bench.py

# The `bench` extra (Typst, to measure against): installed by make bench only, not by make test.
$(VENV)/.bench: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[bench]'
	@touch $@

# The bad-input fuzz test at length (make test runs it with a fixed seed and 100 mutants a kind, ~30 s):
# FUZZ_COUNT mutants of each kind (manifests, templates, copy) from seed FUZZ_SEED; a failure names both.
FUZZ_COUNT ?= 2000
FUZZ_SEED ?= $(shell date +%s)
fuzz: setup
	LAYOUT_FUZZ_COUNT=$(FUZZ_COUNT) LAYOUT_FUZZ_SEED=$(FUZZ_SEED) $(BIN)/python -m pytest -q tests/badinput/test_fuzz.py

check: run
	$(BIN)/layout check build/$(notdir $(EDITION))

# Rewrite tests/golden/ (each edition's layout.json and page renders) from the current code, on purpose.
# Review the refresh before committing it: `git diff --stat tests/golden`, and
# `layout diff <old build folder> <new build folder>` (e.g. build/golden/<edition>.previous build/golden/<edition>).
golden: setup standins
	$(BIN)/python -m tests.golden.refresh

clean:
	rm -rf build tests/output

distclean: clean
	rm -rf $(VENV) .cache $(EDITION)/photos
