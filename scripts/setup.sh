#!/usr/bin/env bash
# Installs what building and testing comptoir needs on a fresh Debian machine:
# the Rust toolchain's rustfmt and clippy components, tmux for the end-to-end tests,
# qemu, busybox-static and cpio for the real-kernel scanner test, and cargo-fuzz (with a
# C++ compiler for libFuzzer) for the fuzz targets, OpenSSL's headers for TLS to the hub,
# and PostgreSQL 15 for the hub's tests
# (each test starts a throw-away cluster of its own; see tests/it/hub/cluster.rs).
# Safe to run again: it only installs what is missing.
set -euo pipefail

need_apt=()
command -v tmux >/dev/null 2>&1 || need_apt+=(tmux)
command -v cc >/dev/null 2>&1 || need_apt+=(gcc)
# libFuzzer (fuzz/, built by the libfuzzer-sys crate) is C++.
command -v c++ >/dev/null 2>&1 || need_apt+=(g++)
# TLS to the hub links the system's OpenSSL (the openssl crate finds it through
# pkg-config); the hub's TLS test makes its certificate with the openssl program.
dpkg-query -W -f='${Status}' libssl-dev 2>/dev/null | grep -q 'install ok installed' ||
    need_apt+=(libssl-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "setup: installing ${need_apt[*]} with apt-get"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}"
fi

# The real-kernel scanner test (tests/qemu/run.sh): qemu, a static busybox for its
# initramfs, cpio to pack it. (The kernel itself is fetched by the test into a cache.)
need_qemu=()
command -v qemu-system-x86_64 >/dev/null 2>&1 || need_qemu+=(qemu-system-x86)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' ||
    need_qemu+=(busybox-static)
command -v cpio >/dev/null 2>&1 || need_qemu+=(cpio)
if [ ${#need_qemu[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need_qemu[*]} with apt-get"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_qemu[@]}"
fi

# The hub's tests (tests/it/hub/) run initdb and pg_ctl from Debian's postgresql-15.
if [ ! -x /usr/lib/postgresql/15/bin/initdb ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing postgresql-15 with apt-get"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql-15
fi

if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: cargo not found; install Rust (https://rustup.rs) first" >&2
    exit 1
fi
for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
        echo "setup: adding the $component component"
        rustup component add "$component"
    fi
done

# The fuzz targets (scripts/fuzz.sh) run on the stable toolchain through cargo-fuzz,
# built from crates.io at a fixed version (in a throw-away target dir, not CI's).
CARGO_FUZZ_VERSION=0.13.2
if ! cargo fuzz --version 2>/dev/null | grep -qF "$CARGO_FUZZ_VERSION"; then
    echo "setup: installing cargo-fuzz $CARGO_FUZZ_VERSION"
    env -u CARGO_TARGET_DIR cargo install --locked --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
