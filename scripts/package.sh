#!/usr/bin/env bash
# Builds comptoir's Debian package (README, "Installing on a terminal") with cargo-deb:
# the binary, the scanners' udev rule, the manual pages (rendered by `comptoir man` from
# the CLI's own definition), the systemd unit for tty1 and the config example; the
# maintainer scripts are in assets/debian/.
#
#   scripts/package.sh            release build, package in target/debian/
#   scripts/package.sh --check    the CI check: packages the binary the tests already
#                                 built (dev profile, no release build), installs it with
#                                 dpkg -i, checks what landed where and that
#                                 `comptoir --version` runs, then purges it. Needs root
#                                 (or sudo) and a Debian system.
#
# Installs cargo-deb (a fixed version, from crates.io) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_DEB_VERSION=3.8.0
if ! cargo deb --version 2>/dev/null | grep -qF "$CARGO_DEB_VERSION"; then
    echo "package: installing cargo-deb $CARGO_DEB_VERSION"
    env -u CARGO_TARGET_DIR cargo install --locked --quiet --no-default-features \
        cargo-deb --version "$CARGO_DEB_VERSION"
fi

check=false
[ "${1:-}" = "--check" ] && check=true
if $check; then profile=dev; else profile=release; fi

target_dir=$(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
if [ "$profile" = dev ]; then out="$target_dir/debug"; else out="$target_dir/release"; fi
cargo build --locked --profile "$profile" --bin comptoir

# Manual pages from the binary just built.
rm -rf target/man && mkdir -p target/man
"$out/comptoir" man target/man >/dev/null
gzip -9 -n target/man/*.1

deb_dir="$target_dir/debian"
mkdir -p "$deb_dir"
# (cargo-deb warns that a dev-profile package is not for release: --check's is not.)
cargo deb --no-build --profile "$profile" --output "$deb_dir/comptoir.deb" 2>&1 >/dev/null |
    { grep -v -e 'dev profile is not supported' -e 'To enable debug symbols' || true; } >&2
deb="$deb_dir/comptoir.deb"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
$check || exit 0

# --check: install, look, remove.
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
fail() { echo "package check: $*" >&2; $SUDO dpkg --purge comptoir >/dev/null 2>&1 || true; exit 1; }
if dpkg-query -W -f='${Status}' comptoir 2>/dev/null | grep -q 'install ok installed'; then
    fail "a comptoir package is already installed on this machine; not touching it"
fi
$SUDO dpkg -i "$deb" >/dev/null || fail "dpkg -i failed"
version=$(/usr/bin/comptoir --version) || fail "/usr/bin/comptoir --version failed"
[ "$version" = "comptoir $(cargo metadata --format-version 1 --no-deps |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')" ] ||
    fail "unexpected version: $version"
for f in /usr/lib/udev/rules.d/70-comptoir-scanners.rules \
    /usr/lib/systemd/system/comptoir.service \
    /usr/share/man/man1/comptoir.1.gz /usr/share/man/man1/comptoir-import-csv.1.gz \
    /usr/share/doc/comptoir/config.example.toml; do
    [ -f "$f" ] || fail "$f is not installed"
done
getent passwd comptoir >/dev/null || fail "no comptoir user"
for d in /var/lib/comptoir /etc/comptoir; do
    [ "$(stat -c '%a %U' "$d")" = "700 comptoir" ] || fail "$d is not 0700 comptoir: $(stat -c '%a %U' "$d")"
done
# The unit's environment puts the register's files where postinst made room for them.
db=$($SUDO runuser -u comptoir -- env XDG_DATA_HOME=/var/lib XDG_CONFIG_HOME=/etc \
    HOME=/var/lib/comptoir /usr/bin/comptoir check-config 2>/dev/null |
    python3 -c 'import json,sys; t=sys.stdin.read(); print(json.loads(t[t.index("{"):])["database"])') ||
    fail "comptoir check-config fails as the comptoir user"
[ "$db" = /var/lib/comptoir/comptoir.db ] || fail "the unit's database would be $db"
if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify /usr/lib/systemd/system/comptoir.service 2>&1 |
        grep -v -e 'Failed to .*bus' -e "Command 'man " |
        grep . && fail "systemd-analyze verify complains about comptoir.service"
fi
$SUDO dpkg --purge comptoir >/dev/null 2>/tmp/comptoir-purge.$$ || fail "dpkg --purge failed"
rm -f /tmp/comptoir-purge.$$
[ ! -e /usr/bin/comptoir ] || fail "/usr/bin/comptoir is still there after purge"
[ -d /var/lib/comptoir ] || fail "purge deleted /var/lib/comptoir (the shop's data must stay)"
echo "package check: installed, ran $version, removed ($deb)"
