#!/usr/bin/env bash
# Crash campaign (issue 12 §7): kills comptoir with SIGKILL at a random moment, RUNS
# times, and checks after every kill that the shop's database is whole.
#
# Each run picks one action and runs it in its own process group on one long-lived shop
# (a demo database that endures every crash of the campaign), kills the group with
# SIGKILL after a random 0.02-1.5 s (0.02-3 s for an import or a reindex, so that some
# finish and are acknowledged), then checks:
#   - `comptoir check-store --json` exits 0: SQLite's integrity_check and
#     foreign_key_check clean, every sale with lines and payments that add up to its
#     total, ticket numbers unique and gap-free per register (counter not behind), and,
#     after catch-up, the search index holding exactly the store's live customers;
#   - every acknowledged action is present and whole (sqlite3 reads): an acknowledged sale
#     number is stored once; a merged duplicate is gone; an anonymised customer is
#     anonymised; an edited city is stored (or a later edit's of the same run); an import is all its rows or none, all of
#     them when the command had exited 0. An import commits in chunks: one killed between
#     two of them is undone when the store is next opened, which check-store does first,
#     so these reads come after it.
# Actions: sale (a paid sale, through the service as the register does: the
# crash_driver example), merge and anonymise (crash_driver), edit (`comptoir customers
# edit` from the CLI, in a loop), import (`comptoir import csv` of IMPORT_ROWS rows), and
# reindex (`comptoir reindex`). The drivers print `ack ...` once a commit has returned.
#
# Usage: scripts/crash-campaign.sh [RUNS]        (default 1000)
# Environment: CAMPAIGN_SECONDS (stop starting runs after this many seconds; default no
#              limit), CAMPAIGN_DIR (work directory, default target/crash-campaign; a
#              failed run's database is kept in its failures/ folder), CUSTOMERS (demo
#              size, default 5000), IMPORT_ROWS (default 3000: several chunks, so kills
#              fall between them), COMPTOIR_BIN and
#              DRIVER_BIN (default: built with cargo, dev profile), SEED (for $RANDOM).
# Needs sqlite3 and setsid. Prints one line per failed run and a summary; exits 1 when a
# run failed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-1000}
DIR=${CAMPAIGN_DIR:-target/crash-campaign}
CUSTOMERS=${CUSTOMERS:-5000}
IMPORT_ROWS=${IMPORT_ROWS:-3000}
SECONDS_BUDGET=${CAMPAIGN_SECONDS:-0}
RANDOM=${SEED:-$$}
if [ -z "${COMPTOIR_BIN:-}" ] || [ -z "${DRIVER_BIN:-}" ]; then
    cargo build --quiet --bin comptoir --example crash_driver
    COMPTOIR_BIN="${CARGO_TARGET_DIR:-target}/debug/comptoir"
    DRIVER_BIN="${CARGO_TARGET_DIR:-target}/debug/examples/crash_driver"
fi
for tool in sqlite3 setsid; do
    command -v "$tool" >/dev/null || { echo "crash-campaign: $tool is needed" >&2; exit 1; }
done

rm -rf "$DIR"
mkdir -p "$DIR/failures"
DIR=$(cd "$DIR" && pwd)
DB="$DIR/shop.db"
COMPTOIR=(env HOME="$DIR/home" XDG_CONFIG_HOME="$DIR/home/config" "$COMPTOIR_BIN" --db "$DB")
"${COMPTOIR[@]}" demo --customers "$CUSTOMERS" --seed 12 >/dev/null

sql() { sqlite3 -readonly "$DB" "$1"; }

# The import file of run $1: IMPORT_ROWS customers named Imp$1.
import_file() {
    local f="$DIR/import.csv"
    { echo "first_name,last_name,city"
      seq 1 "$IMPORT_ROWS" | sed "s/.*/Person&,Imp$1,Lyon/"; } >"$f"
    echo "$f"
}

# A random live customer's id, hyphenated.
some_customer() {
    sql "SELECT lower(hex(id)) FROM customer WHERE anonymised = 0 ORDER BY random() LIMIT 1" |
        sed -E 's/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/'
}

# Starts action $1 of run $2 in its own process group; acks go to $DIR/acks.
start() {
    local kind=$1 run=$2
    case "$kind" in
    sale | merge | anonymise)
        setsid "$DRIVER_BIN" "$DB" "$kind" >"$DIR/acks" 2>"$DIR/stderr" &
        ;;
    edit)
        setsid bash -c '
            for i in $(seq 1 1000); do
                id=$1; shift
                city="Cli'"$run"'x$i"
                printf "{\"address\":{\"city\":\"%s\"}}" "$city" |
                    "$@" customers edit "$id" - >/dev/null || exit 1
                echo "ack edit ${id//-/} $city"
                set -- "$(sqlite3 -readonly "'"$DB"'" "SELECT lower(hex(id)) FROM customer WHERE anonymised = 0 ORDER BY random() LIMIT 1" |
                    sed -E "s/^(.{8})(.{4})(.{4})(.{4})(.{12})$/\1-\2-\3-\4-\5/")" "$@"
            done' edit "$(some_customer)" "${COMPTOIR[@]}" >"$DIR/acks" 2>"$DIR/stderr" &
        ;;
    import)
        local f
        f=$(import_file "$run")
        setsid bash -c '"$@" import csv "'"$f"'" --preset comptoir >/dev/null && echo "ack import '"$run"'"' \
            import "${COMPTOIR[@]}" >"$DIR/acks" 2>"$DIR/stderr" &
        ;;
    reindex)
        setsid bash -c '"$@" reindex >/dev/null && echo "ack reindex"' \
            reindex "${COMPTOIR[@]}" >"$DIR/acks" 2>"$DIR/stderr" &
        ;;
    esac
    PID=$!
}

# Checks the acks of run $1 (action $2); prints what is wrong.
verify_acks() {
    local run=$1 kind=$2 line a b c
    while read -r line; do
        read -r _ a b c <<<"$line"
        case "$a" in
        sale) [ "$(sql "SELECT COUNT(*) FROM sale WHERE number = '$b'")" = 1 ] || echo "sale $b lost" ;;
        merge) [ "$(sql "SELECT COUNT(*) FROM customer WHERE id = x'$c'")" = 0 ] || echo "merged $c still there" ;;
        anonymise) [ "$(sql "SELECT anonymised FROM customer WHERE id = x'$b'")" = 1 ] || echo "$b not anonymised" ;;
        edit)
            # A later edit of the same customer in this run (acknowledged or not, the kill
            # may fall between its commit and its ack) replaces the city: Cli<run>x<later>.
            local stored
            stored=$(sql "SELECT city FROM customer WHERE id = x'$b'")
            if [ "$stored" != "$c" ] && ! { [[ "$stored" =~ ^Cli${run}x([0-9]+)$ ]] &&
                [ "${BASH_REMATCH[1]}" -gt "${c##*x}" ]; }; then
                echo "edit of $b to $c lost (stored: $stored)"
            fi
            ;;
        esac
    done < <(grep '^ack ' "$DIR/acks" || true)
    if [ "$kind" = import ]; then
        local n
        n=$(sql "SELECT COUNT(*) FROM customer WHERE last_name = 'Imp$run'")
        if [ "$n" != 0 ] && [ "$n" != "$IMPORT_ROWS" ]; then echo "import $run half done: $n rows"; fi
        if grep -q '^ack import' "$DIR/acks" && [ "$n" != "$IMPORT_ROWS" ]; then
            echo "acknowledged import $run has $n rows"
        fi
    fi
}

KINDS=(sale merge import reindex anonymise edit)
failures=0
done_runs=0
acked=0
imports=0
started=$(date +%s)
for run in $(seq 1 "$RUNS"); do
    if [ "$SECONDS_BUDGET" -gt 0 ] && [ $(($(date +%s) - started)) -ge "$SECONDS_BUDGET" ]; then
        break
    fi
    kind=${KINDS[RANDOM % ${#KINDS[@]}]}
    start "$kind" "$run"
    case "$kind" in
    import | reindex) delay=$((20 + RANDOM % 2980)) ;;
    *) delay=$((20 + RANDOM % 1480)) ;;
    esac
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -KILL -- "-$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
    [ "$kind" = import ] && grep -q '^ack' "$DIR/acks" && imports=$((imports + 1))
    problems=$(
        "${COMPTOIR[@]}" check-store --json >"$DIR/check.json" 2>>"$DIR/check.err" ||
            echo "check-store: $(cat "$DIR/check.json")"
        verify_acks "$run" "$kind"
    )
    acked=$((acked + $(grep -c '^ack ' "$DIR/acks" || true)))
    done_runs=$run
    if [ -n "$problems" ]; then
        failures=$((failures + 1))
        echo "run $run ($kind, killed after ${delay} ms): $problems"
        cp "$DB" "$DIR/failures/run-$run.db" 2>/dev/null || true
        cp "$DB-wal" "$DIR/failures/run-$run.db-wal" 2>/dev/null || true
    fi
done
echo "crash campaign: $done_runs runs, $failures failed, $acked acknowledged actions checked ($imports imports), $(($(date +%s) - started)) s"
[ "$failures" = 0 ]
