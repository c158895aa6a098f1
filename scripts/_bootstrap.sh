# Sourced by scripts/serve and scripts/test: make .venv with the project installed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
stamp="$VENV/.installed-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
    # (this machine's pip config names local mirrors that may be absent: drop that noise)
    "$VENV/bin/pip" install -q --upgrade pip 2>&1 >/dev/null | grep -v '^WARNING: Location' >&2 || true
    "$VENV/bin/pip" install -q -e "$ROOT[test]" 2> >(grep -v '^WARNING: Location' >&2)
    rm -f "$VENV"/.installed-* && touch "$stamp"
fi
