#!/usr/bin/env bash
# The project's test command (README "Tests", and what CI runs): formatting, lints with
# warnings as errors, then every test (unit, integration, CLI and the tmux end-to-end).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked
tests/qemu/run.sh
