#!/usr/bin/env bash
# The report renders in a real browser: builds `pairaid report` of the
# fixture articles, loads it in headless Chromium (Debian packages
# `chromium` and `chromium-driver`, installed with apt-get when absent),
# checks the flow diagram's labels and the event table's row count in the
# DOM Chromium built, and saves a screenshot under target/ (its path is
# printed). Skips loudly (exit 0) when Chromium cannot be installed.
# Prints "N passed, M failed"; exits non-zero on any failure.
#
# Usage: tests/report_chromium.sh            (builds the release binary)
#        PAIRAID=path/to/pairaid tests/report_chromium.sh
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

passed=0
failed=0
check() { # check NAME EXPECTED ACTUAL
    if [[ "$2" == "$3" ]]; then
        passed=$((passed + 1))
        echo "ok   $1"
    else
        failed=$((failed + 1))
        echo "FAIL $1: expected [$2], got [$3]"
    fi
}

browser() { command -v chromium || command -v chromium-browser || true; }
if [[ -z "$(browser)" ]]; then
    echo "installing chromium and chromium-driver (apt-get)"
    if [[ $(id -u) -eq 0 ]]; then SUDO=(); else SUDO=(sudo); fi
    if ! { "${SUDO[@]}" apt-get update -q >/dev/null &&
        DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -q chromium chromium-driver >/dev/null; }; then
        echo "SKIPPED: report_chromium.sh: apt-get could not install chromium (no registry?); the report was not rendered in a browser"
        exit 0
    fi
fi
CHROMIUM=$(browser)

if [[ -z "${PAIRAID:-}" ]]; then
    cargo build --release --quiet || { echo "cargo build failed"; echo "0 passed, 1 failed"; exit 1; }
    PAIRAID="${CARGO_TARGET_DIR:-$ROOT/target}/release/pairaid"
fi
TMP=$(mktemp -d "${TMPDIR:-/tmp}/pairaid-report.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

"$PAIRAID" extract fixtures/articles -q -o "$TMP/events.jsonl"
check "extract exit code" 0 $?
"$PAIRAID" report "$TMP/events.jsonl" -o "$TMP/report.html"
check "report exit code" 0 $?

run_chromium() {
    timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$TMP/profile" --window-size=1280,2000 "$@" "file://$TMP/report.html" 2>"$TMP/chromium.log"
}
run_chromium --dump-dom >"$TMP/dom.html"
check "chromium --dump-dom exit code" 0 $?

python3 - "$TMP/dom.html" "$TMP/events.jsonl" >"$TMP/dom.check" <<'PY'
import html.parser, sys

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.labels, self.rows, self.scripted, self._label = set(), 0, False, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "text" and "node-label" in classes:
            self._label = classes[-1]
        if tag == "tr" and "event" in classes:
            self.rows += 1
    def handle_data(self, data):
        if self._label:
            self.labels.add((self._label, data.strip()))
            self._label = None

dom = Dom()
dom.feed(open(sys.argv[1], encoding="utf-8").read())
events = sum(1 for line in open(sys.argv[2], encoding="utf-8") if line.strip())
print("rows", "-", dom.rows, events)
for label in [("donor", "Jiangsu"), ("donor", "Zhejiang"), ("recipient", "Xinjiang"), ("recipient", "Sichuan")]:
    print("label", f"{label[0]}:{label[1]}", label in dom.labels)
PY
while read -r kind name a b; do
    case $kind in
        rows) check "event table rows in the DOM = events in the JSONL" "$b" "$a" ;;
        label) check "diagram label $name in the DOM" True "$a" ;;
    esac
done <"$TMP/dom.check"

mkdir -p target
SHOT="$ROOT/target/report-fixtures.png"
rm -f "$SHOT"
run_chromium --screenshot="$SHOT" >/dev/null
check "screenshot written" yes "$([[ -s "$SHOT" ]] && echo yes || echo no)"
echo "screenshot: $SHOT"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
