#!/usr/bin/env bash
# Serves dist/ (after `trunk build --release`) as static files and loads it in headless
# Chromium (tools/web-check.mjs): a shipped scenario starts, the canvas draws and the
# simulated clock advances. Writes a screenshot to $1 (default target/web-check.png).
set -euo pipefail
cd "$(dirname "$0")/.."
shot="${1:-target/web-check.png}"
port="${PORT:-8765}"
[ -f dist/index.html ] || { echo "web-check: no dist/: run trunk build --release first" >&2; exit 1; }
# playwright-core drives the system's Chromium; it downloads no browser.
if [ ! -d tools/node_modules/playwright-core ]; then
  (cd tools && npm install --no-save --no-audit --no-fund --silent playwright-core@1)
fi
python3 -m http.server "$port" --bind 127.0.0.1 --directory dist >/dev/null 2>&1 &
server=$!
trap 'kill "$server"' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done
node tools/web-check.mjs "http://127.0.0.1:$port/" "$shot"
