#!/usr/bin/env bash
# Release check of the frozen app (build.spec): build it when needed, then run the binary
# headless through a whole engagement. Prints PASS/FAIL per step; exits 1 when any failed.
#
#   scripts/check_frozen.sh            build if dist/VeriDesk is missing or older than the source
#   VERIDESK_REBUILD=1 scripts/check_frozen.sh     always rebuild
#   VERIDESK_LARGE_ROWS=600000 …       rows of the large-CSV import (> 16 MiB: two processes)
#   (the sample dossiers come from tests/data/dossiers)
#   VERIDESK_KEEP=1 …                  keep the temporary folder for inspection
#
# Called by .ci/run when CI_FROZEN=1. Needs python3 (for JSON and SQLite checks) and
# pdftotext (Debian: poppler-utils) on the build machine.
set -uo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
APP="$REPO/dist/VeriDesk"
BIN="$APP/veridesk"
EXAMPLES="$REPO/tests/data/dossiers"
ROWS="${VERIDESK_LARGE_ROWS:-600000}"
PY="${PYTHON:-python3}"

export QT_QPA_PLATFORM=offscreen
export VERIDESK_LANG=en
export VERIDESK_USER="Frozen Check"
export PYTHONDONTWRITEBYTECODE=1

WORK="$(mktemp -d "${TMPDIR:-/tmp}/veridesk-frozen.XXXXXX")"
export VERIDESK_DATA_DIR="$WORK/userdata"  # `demo` must not touch the real user folder
if [ "${VERIDESK_KEEP:-0}" = "1" ]; then
    echo "keeping $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi

FAILED=0
pass() { printf 'PASS  %s\n' "$1"; }
fail() {
    printf 'FAIL  %s\n' "$1"
    FAILED=$((FAILED + 1))
    if [ -n "${2:-}" ] && [ -s "$2" ]; then sed 's/^/      | /' "$2" | tail -n 25; fi
}
now() { "$PY" -c 'import time; print(time.perf_counter())'; }
elapsed() { "$PY" -c "print(f'{$2 - $1:.2f} s')"; }

# --------------------------------------------------------------------------- build
needs_build() {
    [ "${VERIDESK_REBUILD:-0}" = "1" ] && return 0
    [ -x "$BIN" ] || return 0
    # anything in the spec, the entry script, the package or the bundled data newer than it
    [ -n "$(find build.spec scripts/pyi_entry.py desktop checklists resources \
        -newer "$BIN" -type f ! -name '*.pyc' -print -quit 2>/dev/null)" ]
}

if needs_build; then
    echo "building dist/VeriDesk (pyinstaller --noconfirm build.spec) …"
    t0=$(now)
    if ! command -v pyinstaller >/dev/null; then
        fail "build: pyinstaller not installed (pip install pyinstaller)"
        exit 1
    fi
    if pyinstaller --noconfirm --log-level WARN build.spec >"$WORK/build.log" 2>&1 && [ -x "$BIN" ]; then
        pass "build ($(elapsed "$t0" "$(now)"))"
    else
        fail "build" "$WORK/build.log"
        exit 1
    fi
else
    pass "build (up to date: $BIN)"
fi
echo "      bundle size: $(du -sh "$APP" | cut -f1)"

# --------------------------------------------------------------------------- --version
want="VeriDesk $("$PY" -c 'import re,sys; print(re.search(r"__version__\s*=\s*\"([^\"]+)\"", open("desktop/__init__.py").read()).group(1))')"
got="$("$BIN" --version 2>"$WORK/version.err")"
if [ "$got" = "$want" ] && [ ! -s "$WORK/version.err" ]; then
    pass "--version ($got)"
else
    fail "--version: got '$got', want '$want'" "$WORK/version.err"
fi

# --------------------------------------------------------------------------- import
ENG="$WORK/steel.veridesk"
if [ ! -f "$EXAMPLES/neutral-steel/dossier.toml" ]; then
    fail "import: the sample dossiers are missing at $EXAMPLES "
elif "$BIN" import "$EXAMPLES/neutral-steel" -o "$ENG" >"$WORK/import.out" 2>"$WORK/import.err" \
    && [ -s "$ENG" ]; then
    pass "import neutral-steel ($(head -n 1 "$WORK/import.out"))"
else
    fail "import neutral-steel" "$WORK/import.err"
fi

# --------------------------------------------------------------------------- check --json
"$BIN" check "$ENG" --json >"$WORK/check.json" 2>"$WORK/check.err"
rc=$?
codes=$("$PY" -c 'import ast; m=ast.parse(open("desktop/rules/codes.py", encoding="utf-8").read()); print(next(len(n.value.elts) for n in m.body if isinstance(n, ast.AnnAssign | ast.Assign) and isinstance(n.value, ast.Tuple)))')
if n=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["checks"]))' \
    "$WORK/check.json" 2>>"$WORK/check.err") && [ "$rc" = 0 ] && [ "$n" = "$codes" ]; then
    pass "check --json (exit 0, $n checks)"
else
    fail "check --json (exit $rc, checks: ${n:-unparsable}; want exit 0 and $codes)" "$WORK/check.err"
fi

# --------------------------------------------------------------------------- design §12-§14
# numpy-financial, the methodology templates and the planning settings in the bundle
SOLAR="$WORK/solar.veridesk"
if "$BIN" import "$EXAMPLES/solar-pdd" -o "$SOLAR" >"$WORK/solar.out" 2>"$WORK/solar.err" \
    && "$BIN" check "$SOLAR" --json >"$WORK/solar.json" 2>>"$WORK/solar.err" \
    && "$PY" -c 'import json,sys; s={c["code"]: c["status"] for c in json.load(open(sys.argv[1]))["checks"]}; sys.exit(any(s[k] != "pass" for k in ("investment.irr", "investment.sensitivity", "recalc.ex_ante", "project.crediting_period")))' \
        "$WORK/solar.json" 2>>"$WORK/solar.err" \
    && "$BIN" sample "$ENG" --population inventory --seed 11 >"$WORK/sample.out" 2>>"$WORK/solar.err" \
    && grep -q "rows to test" "$WORK/sample.out"; then
    pass "solar PDD: IRR, sensitivity, ACM0002 ex-ante, crediting period pass; a sample is drawn"
else
    fail "solar PDD checks or sample" "$WORK/solar.err"
fi

# --------------------------------------------------------------------------- export zh-TW
PDF="$WORK/opinion.pdf"
if "$BIN" export "$ENG" -o "$PDF" --lang zh-TW >"$WORK/export.out" 2>"$WORK/export.err" \
    && [ -s "$PDF" ]; then
    if ! command -v pdftotext >/dev/null; then
        fail "export --lang zh-TW: PDF written, but pdftotext is missing (apt-get install poppler-utils)"
    elif pdftotext "$PDF" "$WORK/opinion.txt" 2>>"$WORK/export.err" \
        && grep -q "碳中和線材首批" "$WORK/opinion.txt"; then
        pass "export --lang zh-TW (PDF text has 碳中和線材首批: the bundled font is used)"
    else
        fail "export --lang zh-TW: 碳中和線材首批 not in the PDF text" "$WORK/export.err"
    fi
else
    fail "export --lang zh-TW" "$WORK/export.err"
fi

# --------------------------------------------------------------------------- signed PDF
# pyHanko and cryptography in the bundle: a PKCS#12 key, a PAdES-signed export, verify.
# The engagement is unsigned, so the PDF is a draft: verify must find the PAdES signature
# intact and still refuse the draft (exit 1), naming why.
export VERIDESK_PASSWORD="frozen-check"
if "$BIN" keygen --name "Frozen Check" -o "$WORK/check.p12" >"$WORK/sign.out" 2>"$WORK/sign.err" \
    && "$BIN" export "$ENG" -o "$WORK/signed.pdf" --sign "$WORK/check.p12" \
        >>"$WORK/sign.out" 2>>"$WORK/sign.err" \
    && { "$BIN" verify "$WORK/signed.pdf" --engagement "$ENG" >>"$WORK/sign.out" \
            2>>"$WORK/sign.err"; [ $? -eq 1 ]; } \
    && grep -q "intact, covers the whole file" "$WORK/sign.out" \
    && grep -q "the PDF is a draft" "$WORK/sign.out"; then
    pass "keygen, export --sign, verify PDF (pyHanko; the draft is refused)"
else
    cat "$WORK/sign.out" >>"$WORK/sign.err"
    fail "keygen, export --sign, verify PDF (pyHanko)" "$WORK/sign.err"
fi

# --------------------------------------------------------------------------- demo
# The bundled demo dossier (an .xlsx workbook and evidence) imported from the bundle.
demo=$("$BIN" demo --no-gui 2>"$WORK/demo.err")
rc=$?
"$BIN" check "${demo:-/nonexistent}" --json >"$WORK/demo.json" 2>>"$WORK/demo.err"
crc=$?  # 1 when a check fails: the demo has findings on purpose
if [ "$rc" = 0 ] && [ -s "${demo:-/nonexistent}" ] && { [ "$crc" = 0 ] || [ "$crc" = 1 ]; } \
    && "$PY" -c 'import json,sys; assert json.load(open(sys.argv[1]))["checks"]' "$WORK/demo.json" \
        2>>"$WORK/demo.err"; then
    pass "demo --no-gui (bundled dossier imported and checked: $(basename "$demo"))"
else
    fail "demo --no-gui (exit $rc, check exit $crc)" "$WORK/demo.err"
fi

# --------------------------------------------------------------------------- large CSV
# A quote-free monitoring table over 16 MiB: the importer loads its second half in a
# spawned worker process (desktop/dossier/parallel.py), which in the frozen app re-enters
# the executable (multiprocessing.freeze_support in desktop.cli.main).
BIG="$WORK/big"
mkdir -p "$BIG"
cat >"$BIG/dossier.toml" <<'EOF'
format = "veridesk-dossier/1"
[engagement]
type = "verification"
criteria = ["ISO 14064-3:2019"]
programme = "TW-MOENV"
client = "Frozen Check Co."
[subject]
id = "FROZEN-1"
title = "Frozen app large import"
[period]
start = 2024-01-01
end = 2024-12-31
[claim]
reported_er_tco2e = 1000.0
EOF
awk -v n="$ROWS" 'BEGIN {
    print "parameter,timestamp,value,unit,meter_id,evidence"
    for (i = 0; i < n; i++)
        printf "EG_%d,2024-%02d-%02dT%02d:00,%.3f,MWh,M-%d,\n", i % 7, 1 + i % 12, 1 + i % 28, i % 24, (i * 7919 % 100000) / 100.0, i % 50
}' >"$BIG/monitoring.csv"
size=$(wc -c <"$BIG/monitoring.csv")
BIGENG="$WORK/big.veridesk"
t0=$(now)
"$BIN" import "$BIG" -o "$BIGENG" >"$WORK/big.out" 2>"$WORK/big.err" &
pid=$!
workers=0
# Watch for the spawned worker (a child of the import running the same executable).
while kill -0 "$pid" 2>/dev/null; do
    if ps -o args= --ppid "$pid" 2>/dev/null | grep -q -E -- "spawn_main|--multiprocessing-fork"; then
        workers=1
    fi
    if [ "$("$PY" -c "import time; print(int(time.perf_counter() - $t0 > 300))")" = 1 ]; then
        kill "$pid" 2>/dev/null
        echo "timed out after 300 s (a spawned worker that re-runs the CLI hangs the pool)" >>"$WORK/big.err"
        break
    fi
    sleep 0.2
done
wait "$pid"
rc=$?
took=$(elapsed "$t0" "$(now)")
rows=$("$PY" -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from monitoring").fetchone()[0])' \
    "$BIGENG" 2>/dev/null || echo "?")
leftover=$(find "$WORK" -name '*.part2' | wc -l)
mib=$((size / 1048576))
if [ "$rc" = 0 ] && [ "$rows" = "$ROWS" ] && [ "$workers" = 1 ] && [ "$leftover" = 0 ]; then
    pass "large CSV import ($ROWS rows, $mib MiB, two processes, $took)"
elif [ "$rc" = 0 ] && [ "$rows" = "$ROWS" ] && [ "$size" -le 16777216 ]; then
    fail "large CSV import: the table ($size bytes) is not over 16 MiB, raise VERIDESK_LARGE_ROWS"
else
    fail "large CSV import (exit $rc, rows $rows of $ROWS, worker seen: $workers, leftover .part2: $leftover, $took)" "$WORK/big.err"
fi

# --------------------------------------------------------------------------- GUI
# Opened offscreen on the engagement for a few seconds, then sent SIGTERM (as `timeout`
# does). Success: the window appears (the offscreen plugin notes "propagateSizeHints" when a
# top-level window is shown), nothing else on stderr, and the process ends on SIGTERM (or
# exits 0 by itself, should the GUI grow an auto-quit smoke mode). Skipped while
# desktop/ui/app.py does not exist.
if [ -f desktop/ui/app.py ]; then
    secs="${VERIDESK_GUI_SECONDS:-8}"
    t0=$(now)
    "$BIN" gui "$ENG" >"$WORK/gui.out" 2>"$WORK/gui.err" &
    pid=$!
    shown=""
    deadline=$("$PY" -c "print($t0 + $secs)")
    while kill -0 "$pid" 2>/dev/null; do
        t=$(now)
        if [ -z "$shown" ] && grep -q "propagateSizeHints" "$WORK/gui.err"; then
            shown=$(elapsed "$t0" "$t")
        fi
        [ "$("$PY" -c "print(int($t >= $deadline))")" = 1 ] && break
        sleep 0.05
    done
    alive=0
    kill -0 "$pid" 2>/dev/null && alive=1
    quit="exited by itself"
    if [ "$alive" = 1 ]; then
        kill -TERM "$pid" 2>/dev/null
        for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL "$pid" 2>/dev/null
            quit="ignored SIGTERM for 3 s, killed"
        else
            quit="ended on SIGTERM"
        fi
    fi
    wait "$pid" 2>/dev/null
    rc=$?
    # Qt's offscreen plugin notes what it cannot do; that is not an error of ours.
    grep -v -E "^This plugin does not support (propagateSizeHints|raise|grabWindow)" \
        "$WORK/gui.err" >"$WORK/gui.err2" || true
    if [ -s "$WORK/gui.err2" ] || { [ "$alive" = 0 ] && [ "$rc" != 0 ]; }; then
        fail "gui offscreen (exit $rc, $quit)" "$WORK/gui.err"
    else
        pass "gui offscreen (first window ${shown:+after }${shown:-not detected}, ran ${secs} s, stderr clean)"
        if [ "$quit" = "ended on SIGTERM" ] || [ "$alive" = 0 ]; then
            pass "gui quits on SIGTERM ($quit, exit $rc)"
        else
            fail "gui quits on SIGTERM: $quit (Python signal handlers do not run while Qt's event loop is idle)"
        fi
    fi
else
    echo "SKIP  gui offscreen: desktop/ui/app.py does not exist yet"
fi

echo
if [ "$FAILED" = 0 ]; then
    echo "frozen app: all checks passed"
    exit 0
fi
echo "frozen app: $FAILED check(s) failed"
exit 1
