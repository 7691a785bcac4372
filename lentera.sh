#!/usr/bin/env bash
# Lentera's two commands (and a few more). Each does its own set-up: uv from PyPI if missing, then the locked
# dependencies.
#   ./lentera.sh run     migrate, load the demo story, serve http://127.0.0.1:8000 (SQLite + local files)
#   ./lentera.sh test    run the whole test suite (SQLite; set DATABASE_URL=postgres://... for PostgreSQL)
#   ./lentera.sh audit verify      check the audit chain
#   ./lentera.sh manage ARGS...    any manage.py command
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then UV=$(command -v uv); return; fi
  if [ -x "$ROOT/.tools/bin/uv" ]; then UV="$ROOT/.tools/bin/uv"; return; fi
  PY=$(command -v python3 || command -v python)
  echo "» installing uv from PyPI into .tools/ ..."
  "$PY" -m venv "$ROOT/.tools"
  "$ROOT/.tools/bin/python" -m pip install --quiet --disable-pip-version-check uv
  UV="$ROOT/.tools/bin/uv"
}

sync() {
  ensure_uv
  "$UV" sync --locked --quiet
}

manage() { "$UV" run --locked --quiet python manage.py "$@"; }

cmd=${1:-help}
shift || true
case "$cmd" in
  run)
    sync
    export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-lentera.settings.dev}
    manage migrate --noinput
    manage demo_load
    echo "» starting the background task worker and the server on http://127.0.0.1:8000"
    manage db_worker --queue-name '*' >"${LENTERA_VAR_DIR:-var}/worker.log" 2>&1 &
    WORKER=$!
    trap 'kill $WORKER 2>/dev/null || true' EXIT
    manage runserver 127.0.0.1:8000 "$@"
    ;;
  test)
    sync
    "$UV" run --locked --quiet pytest "$@"
    ;;
  audit)
    sync
    [ "${1:-}" = "verify" ] || { echo "usage: ./lentera.sh audit verify"; exit 2; }
    shift
    manage audit_verify "$@"
    ;;
  manage)
    sync
    manage "$@"
    ;;
  *)
    sed -n '2,8p' "$0"
    ;;
esac
