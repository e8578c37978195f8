#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/, README "Fuzzing") and runs each for SECONDS (default 30),
# one after the other; exits non-zero when any of them found a crash (a panic, an
# overflow, a failed check), a hang (one input over 10 s) or a memory blow-up (over
# 2 GiB), after running the others. Prints the executions of each target.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     (targets: `cargo fuzz list`; default all)
#
# Stable toolchain only: cargo-fuzz (scripts/setup.sh installs it) passes rustc a few
# -Z flags, which RUSTC_BOOTSTRAP=1 lets stable accept. No sanitizer: the crate's only
# unsafe code is a malloc_trim call and a flock call, neither taking a pointer the crate
# owns, so AddressSanitizer has nothing to watch (cargo-fuzz does not instrument bundled
# SQLite's C code either);
# panics, overflow checks, debug assertions, the timeout and the RSS limit are what find
# bugs here.
#
# Seeds are made from tests/fixtures (CSV, vCard), config.example.toml, README's customer
# JSON, and recorded scanner streams written below. A long run (300 s or more per target)
# keeps what it finds in FUZZ_CORPUS/TARGET (default /var/cache/comptoir-ci/fuzz-corpus),
# minimised at the end, and the next long run starts from there; a short run starts from
# the seeds. A crash is saved as fuzz/artifacts/TARGET/crash-... and the run says how to
# replay it. Builds go to FUZZ_TARGET_DIR (default /var/cache/comptoir-ci/fuzz-target),
# away from the test build's directory: instrumented builds would thrash its cache.
#
# CI (scripts/test.sh) runs 15 s per target. What that adds to CI, measured on the 2-core
# machine shared with other builds: FUZZ_TIMES.
set -euo pipefail
cd "$(dirname "$0")/.."

# The same flags for build and run, or `cargo fuzz run` builds again.
build_flags=(--sanitizer none --debug-assertions --codegen-units 16)

# Appends the BYTES little-endian bytes of VALUE to $rec as printf escapes: le VALUE BYTES.
le() {
    local v=$1 n=$2 i b
    for ((i = 0; i < n; i++)); do
        printf -v b '\\x%02x' $(((v >> (8 * i)) & 255))
        rec+=$b
    done
}

# A kernel input_event record (x86_64: 24 bytes, native order): ev TYPE CODE VALUE at t_us.
t_us=1700000000000000
ev() {
    local rec=
    le $((t_us / 1000000)) 8
    le $((t_us % 1000000)) 8
    le "$1" 2
    le "$2" 2
    le "$3" 4
    printf "$rec"
}
# A key event as a keyboard sends it (MSC_SCAN, EV_KEY, SYN_REPORT), 2 ms apart.
key() { ev 4 4 $((0x70000 + $1)); ev 1 "$1" "$2"; ev 0 0 0; t_us=$((t_us + 2000)); }
tap() { key "$1" 1; key "$1" 0; }
shifted() { key 42 1; tap "$1"; key 42 0; }
# Key codes of the US layout: digits, then a..f.
digit() { local d=$1; if [ "$d" = 0 ]; then echo 11; else echo $((d + 1)); fi; }
hexkey() { case $1 in a) echo 30 ;; b) echo 48 ;; c) echo 46 ;; d) echo 32 ;; e) echo 18 ;; f) echo 33 ;; esac; }
# type_code TEXT [shift]: digits and a-f, letters shifted (upper case), digits too with
# `shift` (an AZERTY reader's digits).
type_code() {
    local s=$1 i c
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
        [0-9]) if [ "${2:-}" = shift ]; then shifted "$(digit "$c")"; else tap "$(digit "$c")"; fi ;;
        *) shifted "$(hexkey "$c")" ;;
        esac
    done
}
scanner_seed() { # NAME SETTINGS_BYTE CUT_BYTE, stream on stdin
    local rec=
    le "$2" 1
    le "$3" 1
    { printf "$rec"; cat; } >"$seeds/scanner/$1"
}

make_seeds() {
    local f
    case $1 in
    csv_import) # one byte of options (0: as `import csv FILE`), then the file
        for f in tests/fixtures/import/csv/*.csv; do
            { printf '\x00'; cat "$f"; } >"$seeds/$1/$(basename "$f")"
        done
        { printf '\x04'; cat tests/fixtures/import/csv/lightspeed.csv; } >"$seeds/$1/forced-1252.csv"
        ;;
    vcard)
        cp tests/fixtures/import/vcard/*.vcf "$seeds/$1/"
        ;;
    product_import) # one byte of options (0: as `import products FILE`), then the file
        for f in tests/fixtures/products/*.csv; do
            { printf '\x00'; cat "$f"; } >"$seeds/$1/$(basename "$f")"
        done
        ;;
    scanner)
        { type_code 4006381333931; tap 28; } | scanner_seed ean13-us 0 0
        { type_code 04a23b1c; tap 28; } | scanner_seed nfc-us 8 5
        { type_code 4006381333931 shift; tap 28; } | scanner_seed ean13-fr 1 9
        { type_code 400638; ev 0 3 0; type_code 1333; ev 0 0 0; type_code 931; tap 28; type_code 12345670; tap 28; } |
            scanner_seed syn-dropped 0 3
        { type_code 12345670; t_us=$((t_us + 300000)); type_code 96385074; } | scanner_seed idle-gap 0 1
        { type_code 1234567890123; tap 28; } | scanner_seed too-long 128 2
        { type_code 1234; tap 15; type_code 5678; tap 28; key 2 1; key 2 2; key 2 2; key 2 0; tap 28; } |
            scanner_seed tab-repeat 32 7
        ;;
    terminal_burst) # enabled, min_chars 6, 30 ms; then (ms since previous key, key) pairs
        {
            printf '\x01\x03\x1d'
            for c in 4 0 0 6 3 8 1 3 3 3 9 3 1; do printf "\\x02\\x$(printf %02x "'$c")"; done
            printf '\x02\x00'
            for c in h e l l o; do printf "\\x96\\x$(printf %02x "'$c")"; done
            printf '\x80\x00\x10\x01\x05a\x05\x00'
        } >"$seeds/$1/scan-and-typing"
        ;;
    search_query) # mode and limit, two bytes of fields (none: all), then the text
        local q i=0
        for q in dupont "jean dup" "Mélanie" mart 0612 "+33 6 12 34" "jan, voorstraat" \
            "rue de la paix" FR4030 2900000000018 "marie, , paris" dpont vip "o'brien" "é"; do
            printf '\x0e\x00\x00%s' "$q" >"$seeds/$1/q$i"
            printf '\x03\x00\x00%s' "$q" >"$seeds/$1/a$i"
            i=$((i + 1))
        done
        ;;
    config)
        cp config.example.toml "$seeds/$1/example.toml"
        # The same with its commented-out keys set.
        sed 's/^# \([a-z_]* = \)/\1/' config.example.toml >"$seeds/$1/example-all-keys.toml"
        ;;
    customer_json)
        # README's example, its comments removed.
        sed -n '/^## Customer JSON/,/^## /p' README.md | sed '1,/^```json/d; /^```/,$d; s| *//.*$||' \
            >"$seeds/$1/readme.json"
        printf '{"first_name":"A"}' >"$seeds/$1/minimal.json"
        printf '{"kind":"entity","company_name":"ACME","vat_number":"BE0403170701","address":{"country":"BE","postal_code":"1000"}}' \
            >"$seeds/$1/entity.json"
        ;;
    esac
}

max_len() {
    case $1 in
    csv_import | vcard | product_import) echo 131072 ;; # past the 64 KiB sample the encoding is sniffed from
    search_query) echo 2048 ;;
    *) echo 16384 ;;
    esac
}

main() {
    local seconds="${1:-30}"
    shift || true
    export RUSTC_BOOTSTRAP=1
    export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-/var/cache/comptoir-ci/fuzz-target}"
    local corpus_root="${FUZZ_CORPUS:-/var/cache/comptoir-ci/fuzz-corpus}"
    mkdir -p "$CARGO_TARGET_DIR" "$corpus_root"
    local targets t
    if [ $# -gt 0 ]; then
        targets=("$@")
    else
        mapfile -t targets < <(cargo fuzz list)
    fi

    seeds="$corpus_root/seeds"
    rm -rf "$seeds"
    for t in "${targets[@]}"; do
        mkdir -p "$seeds/$t" "$corpus_root/$t"
        make_seeds "$t"
    done
    # A long run grows the corpus kept in $corpus_root/TARGET. A short run (CI) starts
    # from the seeds and keeps its finds apart, for that run only: replaying the kept
    # corpus (thousands of inputs, up to 128 KiB each) alone takes over 20 s for the CSV
    # and vCard targets, and libFuzzer does not stop a replay at -max_total_time.
    local long=false corpus_dir
    [ "$seconds" -ge 300 ] && long=true

    # fuzz/Cargo.lock is committed: refuse to build when it would change, as --locked
    # does for the main build (cargo fuzz has no such flag).
    cargo fetch --locked --quiet --manifest-path fuzz/Cargo.toml \
        --target "$(rustc -vV | sed -n 's/^host: //p')"
    cargo fuzz build "${build_flags[@]}"

    local failed=() summary=() logs dict status execs rate corpus
    logs="$CARGO_TARGET_DIR/fuzz-logs"
    mkdir -p "$logs"
    for t in "${targets[@]}"; do
        dict=()
        [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
        echo "fuzz: $t for ${seconds}s"
        corpus_dir="$corpus_root/$t"
        if ! $long; then
            corpus_dir="$corpus_root/short/$t"
            rm -rf "$corpus_dir"
            mkdir -p "$corpus_dir"
        fi
        status=ok
        if ! cargo fuzz run "${build_flags[@]}" "$t" "$corpus_dir" "$seeds/$t" -- \
            -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$t")" \
            -print_final_stats=1 "${dict[@]}" >"$logs/$t.log" 2>&1; then
            status=FAILED
            failed+=("$t")
            tail -n 60 "$logs/$t.log"
        fi
        if $long && [ "$status" = ok ]; then
            # A long run leaves thousands of inputs: keep the fewest that cover as much
            # (about 30 s), so the next short run does not spend its time replaying them.
            cargo fuzz cmin "${build_flags[@]}" "$t" "$corpus_root/$t" >>"$logs/$t.log" 2>&1
        fi
        execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$t.log" | head -n 1 | grep -o '[0-9]*$' || echo '?')
        rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$logs/$t.log" | head -n 1 | grep -o '[0-9]*$' || echo '?')
        corpus=$(find "$corpus_dir" -type f | wc -l)
        summary+=("$(printf '%-15s %6ss %12s executions %7s/s %6s corpus files  %s' \
            "$t" "$seconds" "$execs" "$rate" "$corpus" "$status")")
    done

    echo "fuzz: summary (logs in $logs)"
    printf '  %s\n' "${summary[@]}"
    if [ ${#failed[@]} -gt 0 ]; then
        echo "fuzz: FAILED: ${failed[*]} (the crashing input is in fuzz/artifacts/TARGET/; replay it" \
            "with: RUSTC_BOOTSTRAP=1 cargo fuzz run ${build_flags[*]} TARGET fuzz/artifacts/TARGET/FILE)" >&2
        exit 1
    fi
}

# Everything runs from main, read whole (with the exit on its line) before it starts:
# editing this file during a long run does not change the run.
main "$@"; exit
