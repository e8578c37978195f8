#!/bin/busybox sh
# /init of the qemu test's initramfs (tests/qemu/run.sh): loads evdev and uinput, plugs
# three virtual readers, runs comptoir's listener on them, unplugs and replugs one, and
# prints every result line prefixed with "QEMU-TEST: " for the host to check.
/bin/busybox --install -s /bin
export PATH=/bin HOME=/tmp
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
say() { echo "QEMU-TEST: $*"; }
finish() {
    say "done"
    sync
    poweroff -f
}
# A guest-side watchdog: the host's timeout is the last resort.
(sleep 150 && say "FAIL guest watchdog" && finish) &

insmod /mod/evdev.ko || { say "FAIL insmod evdev.ko"; finish; }
insmod /mod/uinput.ko || { say "FAIL insmod uinput.ko"; finish; }
say "kernel $(uname -r), evdev and uinput loaded"

emulate() { # name id layout text...
    name=$1 id=$2 layout=$3
    shift 3
    for t in "$@"; do set -- "$@" --type "$t"; shift; done
    comptoir devices --emulate "$name" --id "$id" --layout "$layout" --hold-ms 300 "$@"
}

# Plug three readers; each waits for a grab, types, then unplugs itself.
emulate "Comptoir Virtual FR Scanner" 1209:0001 fr 4006381333931 >/tmp/emu-fr 2>&1 &
E1=$!
emulate "Comptoir Virtual DE Scanner" 1209:0002 de "Zy-42/ß" >/tmp/emu-de 2>&1 &
E2=$!
emulate "Comptoir Virtual NFC Reader" 1209:0003 us 0473670148 >/tmp/emu-nfc 2>&1 &
E3=$!
n=0
until [ "$(cat /sys/class/input/*/name 2>/dev/null | grep -c 'Comptoir Virtual')" -ge 3 ]; do
    n=$((n + 1))
    [ $n -lt 100 ] || { say "FAIL the virtual readers did not appear"; finish; }
    sleep 0.1
done
sleep 0.3
comptoir devices 2>&1 | while IFS= read -r l; do say "devices $l"; done

comptoir --config /etc/comptoir.toml devices --listen --count 4 >/tmp/scans 2>/tmp/listen.err &
L=$!
wait $E1 $E2 $E3
# The FR reader is gone (unplugged when its emulator ended); plug a new one.
sleep 1.5
emulate "Comptoir Virtual FR Scanner" 1209:0001 fr 73513537 >/tmp/emu-fr2 2>&1
wait $L
say "listener exit $?"

while IFS= read -r l; do say "scan $l"; done </tmp/scans
while IFS= read -r l; do say "listen $l"; done </tmp/listen.err
for f in /tmp/emu-fr /tmp/emu-de /tmp/emu-nfc /tmp/emu-fr2; do
    while IFS= read -r l; do say "emulator $l"; done <"$f"
done
finish
