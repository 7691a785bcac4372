#!/usr/bin/env bash
# Lentera's two commands (and a few more). Each does its own set-up: uv from PyPI if missing, then the locked
# dependencies.
#   ./lentera.sh run     migrate, load the demo story, serve http://127.0.0.1:8000 (SQLite + local files)
#                        --port N or LENTERA_PORT=N for another port
#   ./lentera.sh test    run the whole test suite (SQLite; set DATABASE_URL=postgres://... for PostgreSQL)
#   ./lentera.sh audit verify      check the audit chain
#   ./lentera.sh backup            encrypted backup of the database and every stored file (docs/operations.md)
#   ./lentera.sh restore [--drill] ARCHIVE --identity KEY   restore into an empty database/storage, or a drill
#   ./lentera.sh manage ARGS...    any manage.py command
#   ./lentera.sh cluster-test      PostgreSQL + S3 + two app servers behind nginx + a task worker, checked (docs/deploy.md)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then UV=$(command -v uv); return; fi
  if [ -x "$ROOT/.tools/bin/uv" ]; then UV="$ROOT/.tools/bin/uv"; return; fi
  PY=$(command -v python3 || command -v python || true)
  [ -n "$PY" ] || { echo "Lentera needs Python 3.11+ (python3 not found)" >&2; exit 1; }
  "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || { echo "Lentera needs Python 3.11+ ($("$PY" --version) found)" >&2; exit 1; }
  echo "» installing uv from PyPI into .tools/ ..."
  if "$PY" -m venv "$ROOT/.tools" 2>/dev/null && "$ROOT/.tools/bin/python" -m pip --version >/dev/null 2>&1; then
    "$ROOT/.tools/bin/python" -m pip install --quiet --disable-pip-version-check uv
  else
    # No venv/ensurepip (e.g. Debian without python3-venv): install the uv wheel into a plain folder.
    rm -rf "$ROOT/.tools"
    "$PY" -m pip install --quiet --disable-pip-version-check --target "$ROOT/.tools/pylib" uv
    mkdir -p "$ROOT/.tools/bin" && ln -sf "$ROOT/.tools/pylib/bin/uv" "$ROOT/.tools/bin/uv"
  fi
  UV="$ROOT/.tools/bin/uv"
}

sync() {
  ensure_uv
  "$UV" sync --locked --quiet
}

manage() { "$UV" run --locked --quiet python manage.py "$@"; }

# Is something already listening on 127.0.0.1:PORT? (bash's /dev/tcp: no extra tool needed)
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd=${1:-help}
shift || true
case "$cmd" in
  run)
    PORT=${LENTERA_PORT:-8000}
    ARGS=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --port) [ $# -ge 2 ] || { echo "--port needs a number" >&2; exit 2; }; PORT=$2; shift 2 ;;
        --port=*) PORT=${1#--port=}; shift ;;
        *) ARGS+=("$1"); shift ;;
      esac
    done
    case "$PORT" in ''|*[!0-9]*) echo "The port must be a number (got '$PORT')." >&2; exit 2 ;; esac
    if port_busy "$PORT"; then
      echo "Port $PORT on 127.0.0.1 is already in use (another Lentera or another program)." >&2
      echo "Stop that program, or choose another port: ./lentera.sh run --port 8001 (or LENTERA_PORT=8001)." >&2
      exit 1
    fi
    sync
    export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-lentera.settings.dev}
    manage demo_load --migrate
    mkdir -p "${LENTERA_VAR_DIR:-var}"
    manage db_worker --queue-name '*' --no-reload >"${LENTERA_VAR_DIR:-var}/worker.log" 2>&1 &
    WORKER=$!
    trap 'kill $WORKER 2>/dev/null || true' EXIT
    echo
    echo "Lentera: http://127.0.0.1:$PORT/   (Ctrl-C stops the server and the task worker)"
    echo "Read next: README.md (what each demo login shows), docs/architecture.md; worker log: ${LENTERA_VAR_DIR:-var}/worker.log"
    # No autoreloader by default (one process, faster start); LENTERA_RELOAD=1 brings it back for development.
    RELOAD=(--noreload)
    [ "${LENTERA_RELOAD:-0}" = "1" ] && RELOAD=()
    manage runserver "127.0.0.1:$PORT" "${RELOAD[@]}" ${ARGS[@]+"${ARGS[@]}"}
    ;;
  test)
    sync
    # One hash seed for the run, so every pytest-xdist worker collects parametrized tests in the same order.
    export PYTHONHASHSEED=${PYTHONHASHSEED:-0}
    "$UV" run --locked --quiet pytest "$@"
    ;;
  audit)
    sync
    [ "${1:-}" = "verify" ] || { echo "usage: ./lentera.sh audit verify"; exit 2; }
    shift
    manage audit_verify "$@"
    ;;
  backup)
    sync
    manage backup "$@"
    ;;
  restore)
    sync
    [ -n "${1:-}" ] || { echo "usage: ./lentera.sh restore [--drill] ARCHIVE (--identity FILE | --share F1 --share F2)"; exit 2; }
    manage restore "$@"
    ;;
  manage)
    sync
    manage "$@"
    ;;
  cluster-test)
    sync
    "$UV" run --locked --quiet python -m bench.cluster.cluster_test "$@"
    ;;
  *)
    sed -n '2,11p' "$0"
    ;;
esac
