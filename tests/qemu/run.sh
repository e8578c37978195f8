#!/usr/bin/env bash
# Real-kernel test of the scanner listener (issue 6): the device path (open, EVIOCGRAB,
# read, unplug, replug) that recorded input_event streams cannot prove.
#
# qemu boots Debian's own kernel (linux-image-amd64, unpacked with apt-get download +
# dpkg-deb -x, nothing installed) in pure emulation (TCG: no KVM needed) with a small
# busybox initramfs holding comptoir and the kernel's evdev.ko and uinput.ko. In the
# guest, three virtual readers made through /dev/uinput (`comptoir devices --emulate`)
# type an EAN-13 on an AZERTY reader, a code with letters on a QWERTZ reader and a
# decimal NFC UID in reversed byte order; `comptoir devices --listen` grabs them (found
# by name and by vendor:product, from a config file) and prints the decoded scans; then
# the AZERTY reader is unplugged, which must be reported, and a re-created one must be
# picked up again and read. qemu exits 0 whatever the guest saw, so this script checks
# the guest's printed result. Boot to result takes about 10 to 20 s.
#
# Needs qemu-system-x86, busybox-static, cpio (scripts/setup.sh installs them) and
# apt-get access to a Debian archive for the kernel (cached in $COMPTOIR_CI_CACHE,
# default /var/cache/comptoir-ci). Skips (exit 0, with the reason) only where qemu
# cannot run at all: not installed, or not an x86_64 host.
#
# Environment: COMPTOIR_BIN (default: build $CARGO_TARGET_DIR/debug/comptoir), QEMU_TIMEOUT
# (s, 240).
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { echo "qemu test: $*"; }
skip() {
    log "SKIPPED: $*"
    exit 0
}
fail() {
    log "FAILED: $*" >&2
    exit 1
}

[ "$(uname -m)" = x86_64 ] || skip "needs an x86_64 host (the guest kernel is Debian's amd64 one)"
command -v qemu-system-x86_64 >/dev/null 2>&1 ||
    skip "qemu-system-x86_64 is not installed (scripts/setup.sh installs qemu-system-x86)"
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 ||
    fail "no static /bin/busybox: install busybox-static (scripts/setup.sh does)"
command -v cpio >/dev/null 2>&1 || fail "cpio is missing (scripts/setup.sh installs it)"

# The kernel: Debian's linux-image-amd64 (the package it depends on), cached.
CACHE=${COMPTOIR_CI_CACHE:-/var/cache/comptoir-ci}
mkdir -p "$CACHE" 2>/dev/null && [ -w "$CACHE" ] || CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/comptoir-ci
mkdir -p "$CACHE"
pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
    awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
[ -n "$pkg" ] || fail "apt-cache knows no linux-image-amd64 (run apt-get update)"
kdir="$CACHE/$pkg"
if [ ! -d "$kdir/boot" ]; then
    if ! ls "$CACHE/${pkg}"_*.deb >/dev/null 2>&1; then
        log "downloading $pkg into $CACHE"
        (cd "$CACHE" && apt-get download -q "$pkg" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
    fi
    deb=$(ls "$CACHE/${pkg}"_*.deb 2>/dev/null | head -n 1)
    [ -n "$deb" ] || fail "could not download $pkg"
    rm -rf "$kdir.tmp" && mkdir -p "$kdir.tmp"
    dpkg-deb -x "$deb" "$kdir.tmp"
    mv "$kdir.tmp" "$kdir"
fi
vmlinuz=$(ls "$kdir"/boot/vmlinuz-* | head -n 1)
evdev_ko=$(find "$kdir/lib/modules" -name evdev.ko | head -n 1)
uinput_ko=$(find "$kdir/lib/modules" -name uinput.ko | head -n 1)
[ -f "$vmlinuz" ] && [ -f "$evdev_ko" ] && [ -f "$uinput_ko" ] ||
    fail "$pkg lacks vmlinuz, evdev.ko or uinput.ko (compressed modules?)"

# The binary under test.
if [ -z "${COMPTOIR_BIN:-}" ]; then
    cargo build --quiet --bin comptoir
    COMPTOIR_BIN="${CARGO_TARGET_DIR:-target}/debug/comptoir"
fi
[ -x "$COMPTOIR_BIN" ] || fail "no binary at $COMPTOIR_BIN"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,mod}
cp "$BUSYBOX" "$root/bin/busybox"
strip -o "$root/bin/comptoir" "$COMPTOIR_BIN" 2>/dev/null || cp "$COMPTOIR_BIN" "$root/bin/comptoir"
for lib in $(ldd "$COMPTOIR_BIN" | grep -o '/[^ ]*'); do
    cp -L --parents "$lib" "$root/"
done
cp "$evdev_ko" "$uinput_ko" "$root/mod/"
cp tests/qemu/guest-init.sh "$root/init"
chmod +x "$root/init"
cat >"$root/etc/comptoir.toml" <<'EOF'
[[scanner]]
name = "fr"
device = "Virtual FR Scanner"
layout = "fr"

[[scanner]]
name = "de"
device = "1209:0002"
layout = "de"

[[scanner]]
name = "nfc"
device = "Virtual NFC"
kind = "nfc"
nfc_byte_order = "reversed"
EOF
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$work/initrd.gz"

log "booting $(basename "$vmlinuz") under qemu (TCG)"
start=$(date +%s)
rc=0
timeout "${QEMU_TIMEOUT:-240}" qemu-system-x86_64 -accel tcg -m 256 -smp 1 -nographic \
    -no-reboot -nodefaults -serial stdio -monitor none \
    -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
    -append "console=ttyS0 quiet panic=-1" </dev/null >"$work/console.log" 2>&1 || rc=$?
elapsed=$(($(date +%s) - start))
console=$(tr -d '\r' <"$work/console.log")
show() { printf '%s\n' "$console" | grep 'QEMU-TEST' >&2 || printf '%s\n' "$console" | tail -n 40 >&2; }
[ "$rc" -eq 0 ] || { show; fail "qemu exited with $rc after ${elapsed}s (124: timed out)"; }
grep -q 'QEMU-TEST: done' <<<"$console" || { show; fail "the guest did not finish"; }

# The guest's result.
errors=()
expect() { grep -qF -- "$1" <<<"$console" || errors+=("missing: $1"); }
expect 'QEMU-TEST: scan {"reader":"fr","kind":"barcode","code":"4006381333931","valid":true,"raw_keys":26}'
expect 'QEMU-TEST: scan {"reader":"de","kind":"barcode","code":"Zy-42/ß","valid":true,"raw_keys":9}'
expect 'QEMU-TEST: scan {"reader":"nfc","kind":"nfc","code":"04A23B1C","valid":true,"raw_keys":10}'
expect 'QEMU-TEST: scan {"reader":"fr","kind":"barcode","code":"73513537","valid":true,"raw_keys":16}'
expect 'QEMU-TEST: listener exit 0'
expect 'QEMU-TEST: listen comptoir: reader fr: disconnected'
expect 'QEMU-TEST: devices /dev/input/event'
expect 'looks like a scanner (name contains "scanner")'
[ "$(grep -c 'QEMU-TEST: listen comptoir: reader fr: listening on /dev/input/event' <<<"$console")" -eq 2 ] ||
    errors+=("the fr reader was not grabbed twice (plug, replug)")
[ "$(grep -c 'QEMU-TEST: emulator .*"grabbed_elsewhere":true,"leaked_key_presses":0' <<<"$console")" -eq 4 ] ||
    errors+=("not every virtual reader was grabbed without leaking keys")
if [ ${#errors[@]} -gt 0 ]; then
    show
    printf '  %s\n' "${errors[@]}" >&2
    fail "${#errors[@]} check(s) failed (${elapsed}s)"
fi
grep 'QEMU-TEST' <<<"$console" | sed 's/^/  /'
log "ok: grab, decode (fr, de, nfc), unplug and replug on a real kernel, in ${elapsed}s"
