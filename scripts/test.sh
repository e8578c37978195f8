#!/usr/bin/env bash
# The project's test command (README "Tests", and what CI runs): formatting, lints with
# warnings as errors, the real-kernel scanner test under qemu, a short run of every fuzz
# target (scripts/fuzz.sh: 15 s each), the Debian package installed and removed
# (scripts/package.sh --check), then every Rust test (unit, snapshot, integration,
# CLI and the tmux end-to-end), last so their summary closes the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo fmt --all -- --check
(cd fuzz && cargo fmt -- --check)
cargo clippy --all-targets --locked -- -D warnings
tests/qemu/run.sh
scripts/fuzz.sh 15
scripts/package.sh --check
cargo test --locked --lib --bins --tests
