#!/usr/bin/env bash
# Browser test: renders the demo report with headless Chromium and fails when the page is blank
# or Chromium reports an error (D-Bus and GPU noise of a headless container aside).
# Usage: Tests/browser/render.sh [--save docs/report.png]   (run from the repository, after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/../.."

save=""
if [ "${1:-}" = "--save" ]; then save="$2"; fi
flarelog="${FLARELOG:-.build/debug/flarelog}"
chromium="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$chromium" ]; then
    echo "render.sh: Chromium is not installed (apt-get install chromium)" >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A fixed day and zone, so the screenshot only changes when the report does.
export TZ=UTC
"$flarelog" --db "$work/demo.db" demo >/dev/null
# Clinical scores, so that the report's assessments section is rendered too.
"$flarelog" --db "$work/demo.db" assess basdai 6 6 4 3 7 5 --at "30 days ago" >/dev/null
"$flarelog" --db "$work/demo.db" assess basdai 4 5 3 2 6 4 --at yesterday >/dev/null
"$flarelog" --db "$work/demo.db" assess asdas --back-pain 5 --patient-global 4 --peripheral 2 \
    --stiffness-duration 5 --crp 1.5 >/dev/null
"$flarelog" --db "$work/demo.db" assess acr2016 --regions neck,lower-back,left-hip,right-hip,left-upper-arm \
    --fatigue 2 --unrefreshed 2 --cognitive 1 --headaches 1 --lower-abdomen 0 --depression 0 \
    --three-months yes >/dev/null
"$flarelog" --db "$work/demo.db" report --out "$work/report.html" >/dev/null
grep -q '<section id="assessments">' "$work/report.html" || { echo "render.sh: no assessments section" >&2; exit 1; }

status=0
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --user-data-dir="$work/profile" --screenshot="$work/report.png" --window-size=1240,1754 \
    "file://$work/report.html" >"$work/chromium.log" 2>&1 || status=$?
if [ "$status" -ne 0 ] || [ ! -s "$work/report.png" ]; then
    cat "$work/chromium.log" >&2
    echo "render.sh: Chromium failed (status $status)" >&2
    exit 1
fi
# Errors about the page itself (console, network, rendering) fail the test; a container's missing
# D-Bus, GPU and similar platform services do not.
errors="$(grep -E 'ERROR|CONSOLE|Uncaught|net::ERR' "$work/chromium.log" \
    | grep -vE 'dbus|D-Bus|gpu|GPU|viz_main|gl_surface|angle|vaapi|ssl_client_socket|fontconfig' || true)"
if [ -n "$errors" ]; then
    echo "$errors" >&2
    echo "render.sh: Chromium reported errors" >&2
    exit 1
fi
python3 Tests/browser/pngcheck.py "$work/report.png"
if [ -n "$save" ]; then cp "$work/report.png" "$save"; fi
echo "render.sh: ok"
