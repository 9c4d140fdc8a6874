#!/usr/bin/env bash
# Serves dist/ (after `trunk build --release`) as static files and loads it in headless
# Chromium (tools/web-check.mjs): a shipped scenario starts, the canvas draws and the
# simulated clock advances; the practice attempt is played to its debrief, its record is
# downloaded from the debrief's button, and the desktop's `perfsim verify` accepts it as
# a practice record signed with a per-browser key. Writes the run screen's screenshot to
# $1 (default target/web-check.png) and the debrief's to $2 (default
# target/web-debrief.png); the downloaded record goes to target/web-record.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
shot="${1:-target/web-check.png}"
debrief_shot="${2:-target/web-debrief.png}"
record="target/web-record.jsonl"
port="${PORT:-8765}"
[ -f dist/index.html ] || { echo "web-check: no dist/: run trunk build --release first" >&2; exit 1; }
# The desktop build that checks the downloaded record (CI has built it for the tests).
perfsim="${PERFSIM:-target/debug/perfsim}"
[ -x "$perfsim" ] || cargo build --locked --bin perfsim
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
rm -f "$record"
node tools/web-check.mjs "http://127.0.0.1:$port/" "$shot" "$debrief_shot" "$record"
# The download, checked as a student or a programme checks it: no programme key needed
# for a practice record, which must say it is one, signed with a per-browser key.
verified="$(PERFSIM_KEY_FILE="$PWD/target/web-check-no-programme.key" "$perfsim" verify "$record" 2>&1)" || {
  echo "$verified" >&2
  echo "web-check: FAIL: perfsim verify refuses the downloaded record" >&2
  exit 1
}
echo "$verified"
for words in "intact and complete" "PRACTICE record" "per-browser practice key" "not a programme key"; do
  grep -qF "$words" <<<"$verified" || { echo "web-check: FAIL: verify does not say \"$words\"" >&2; exit 1; }
done
grep -q '"kind":"action"' "$record" || { echo "web-check: FAIL: the record holds no action" >&2; exit 1; }
echo "web-check: the downloaded record verifies: OK"
