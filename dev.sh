#!/usr/bin/env bash
# The commands of the README: `./dev.sh run` serves the dashboard for one person, `./dev.sh serve` serves it
# in production (gunicorn behind nginx), `./dev.sh test` runs every test.
# Both first bring the machine up to date (Debian packages, .venv, Python dependencies), doing only
# what is missing, so a second call starts at once.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

VENV=.venv
VENV_PY="$VENV/bin/python"
STAMP="$VENV/.dev-sh-installed"
VENDOR_STAMP=vendor/node_modules/.dev-sh-installed
PYTHON=${PYTHON:-python3}

usage() {
    cat <<'EOF'
Usage: ./dev.sh COMMAND [ARGS...]

  run    install what is missing, then serve the dashboard (python app.py ARGS);
         HOST, PORT and REFORM_DATA_DIR are read from the environment
  serve  install what is missing (nginx too), then serve in production: gunicorn behind nginx
         (python -m indicators serve); HOST, PORT (nginx), BACKEND_PORT (gunicorn, on loopback),
         WEB_CONCURRENCY and REFORM_DATA_DIR are read from the environment
  test   install what is missing (test extras too), then run the whole test suite
         (python -m pytest -q ARGS); fails when a test fails or when no test passed
  help   show this message

System packages come from apt (chromium, fonts-noto-cjk; nginx for serve and test; npm when missing);
Python packages go into .venv; plotly.js's basic bundle comes from npm (vendor/package.json, pinned and
integrity-checked by vendor/package-lock.json) into vendor/node_modules.
EOF
}

say() { printf '%s\n' "$*"; }
die() {
    printf 'dev.sh: %s\n' "$*" >&2
    exit 1
}

check_python() {
    command -v "$PYTHON" >/dev/null 2>&1 ||
        die "$PYTHON not found. Install Python 3.11 or newer, or set PYTHON=/path/to/python3.11."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        die "Python 3.11 or newer is needed, but $PYTHON is $("$PYTHON" -V 2>&1). Set PYTHON=/path/to/python3.11."
}

# Installs Debian packages, through sudo when not root; without either, tells the user what to run.
apt_install() {
    local why=$1
    shift
    local names="$1"
    [ $# -lt 2 ] || { names="${*:1:$#-1}" && names="${names// /, } and ${!#}"; }
    say "Installing $names with apt-get ($why) …"
    local cmd=(apt-get update '&&' apt-get install -y --no-install-recommends "$@")
    if [ "$(id -u)" -eq 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
    else
        die "not root and no sudo: please run as root:  ${cmd[*]}"
    fi
}

# chromium: kaleido exports PNG/SVG through it, and the browser tests drive it with Playwright.
# fonts-noto-cjk: without it Chinese renders as boxes, in exported images and in the browser.
# pythonX.Y-venv: Debian and Ubuntu ship python3 without venv/ensurepip; only needed to create .venv.
# nginx ($1 = with-nginx): the production command puts it in front of gunicorn, and tests drive it.
ensure_system_packages() {
    local missing=() pkg
    if ! command -v dpkg >/dev/null 2>&1; then
        command -v chromium >/dev/null 2>&1 ||
            die "no dpkg/apt here: install Chromium (as 'chromium' on PATH) and Noto CJK fonts yourself."
        return
    fi
    for pkg in chromium fonts-noto-cjk; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    # Any of Debian's nginx flavours will do (nginx, nginx-light, nginx-full …): look for the program.
    if [ "${1:-}" = with-nginx ] && ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
        missing+=(nginx)
    fi
    if [ ! -x "$VENV_PY" ] && ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        missing+=("$("$PYTHON" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
    fi
    [ ${#missing[@]} -eq 0 ] ||
        apt_install "needed for image export, Chinese glyphs, the production server and the tests" "${missing[@]}"
}

# Creates .venv and installs the project into it when pyproject.toml changed since the last install.
# $1 is the extra ("" or "test"); a test install also serves `run`.
ensure_venv() {
    local extra=$1 want have=""
    if [ ! -x "$VENV_PY" ]; then
        say "Creating .venv with $PYTHON ($("$PYTHON" -V 2>&1)) …"
        "$PYTHON" -m venv "$VENV"
    fi
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    [ -f "$STAMP" ] && have=$(<"$STAMP")
    if [ "$have" = "$want test" ] || { [ -z "$extra" ] && [ "$have" = "$want " ]; }; then
        return
    fi
    say "Installing Python dependencies into .venv …"
    rm -f "$STAMP"
    "$VENV_PY" -m pip install --quiet --disable-pip-version-check -e ".${extra:+[$extra]}"
    printf '%s %s' "$want" "$extra" >"$STAMP"
}

# plotly.js's basic bundle, which the app serves instead of Dash's full plotly.js (server/plotly_bundle.py):
# `npm ci` installs exactly the versions of vendor/package-lock.json and checks each package's sha512
# against it. Done again only when vendor/package.json or the lock file changed. Without npm and apt the
# app still runs, on Dash's full bundle, and says so in its log.
ensure_vendor() {
    local want have=""
    want="$(cat vendor/package.json vendor/package-lock.json | sha256sum | cut -d' ' -f1)"
    [ -f "$VENDOR_STAMP" ] && have=$(<"$VENDOR_STAMP")
    [ "$have" != "$want" ] || return 0
    if ! command -v npm >/dev/null 2>&1; then
        if command -v dpkg >/dev/null 2>&1; then
            apt_install "to install plotly.js's basic bundle from the npm registry" npm
        else
            say "npm not found: the dashboard will load Dash's full plotly.js (install Node.js's npm for the small one)."
            return 0
        fi
    fi
    say "Installing plotly.js's basic bundle into vendor/node_modules (npm ci, integrity checked) …"
    npm ci --prefix vendor --ignore-scripts --no-audit --no-fund --loglevel=error
    printf '%s' "$want" >"$VENDOR_STAMP"
}

# Runs the whole suite; pytest's "no tests ran" (exit 5) and a run where nothing passed (all skipped or
# deselected) both fail, so that a green result always means tests really ran.
run_tests() {
    local rc=0 passed
    REPORT=$(mktemp --suffix=.xml)
    trap 'rm -f "$REPORT"' EXIT
    "$VENV_PY" -m pytest -q --junitxml="$REPORT" "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then
        die "no tests ran (pytest exit code 5)."
    elif [ "$rc" -ne 0 ]; then
        exit "$rc"
    fi
    passed=$("$VENV_PY" - "$REPORT" <<'EOF'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.iter("testsuite")
print(sum(int(s.get("tests", 0)) - sum(int(s.get(k, 0)) for k in ("skipped", "failures", "errors"))
          for s in suites))
EOF
    )
    [ "$passed" -gt 0 ] || die "no test passed (all were skipped)."
}

main() {
    local command=${1:-help}
    [ $# -eq 0 ] || shift
    case "$command" in
        run)
            check_python
            ensure_system_packages
            ensure_venv ""
            ensure_vendor
            exec "$VENV_PY" app.py "$@"
            ;;
        serve)
            check_python
            ensure_system_packages with-nginx
            ensure_venv ""
            ensure_vendor
            exec "$VENV_PY" -m indicators serve "$@"
            ;;
        test)
            check_python
            ensure_system_packages with-nginx
            ensure_venv test
            ensure_vendor
            run_tests "$@"
            ;;
        help | -h | --help)
            usage
            ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"
