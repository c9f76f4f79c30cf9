#!/usr/bin/env bash
# Shared by scripts/run and scripts/test: create .venv if missing and install
# the project (pinned by constraints.txt) when pyproject or the pins changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
EXTRAS="${1:-}"
PY="${PYTHON:-python3}"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
STAMP="$VENV/.spravka-installed$EXTRAS"
WANT="$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT$EXTRAS"
  echo "$WANT" > "$STAMP"
fi
# Bytecode for our own packages, as an installed package has it: with
# PYTHONDONTWRITEBYTECODE set (some environments set it) every start would
# otherwise compile vault/ and tui/ from source. Code only, never user data.
"$VENV/bin/python" -m compileall -q "$ROOT/vault" "$ROOT/tui" >/dev/null || true
