#!/usr/bin/env bash
# Visits every screen, tab and popup of the register at 80x24 with the keyboard alone, in
# tmux, on a demo shop, and writes what the screen shows at each step to a text file:
# once in colour (TERM=xterm-256color) and once in ASCII mode (COMPTOIR_ASCII=1, as on
# the Linux console). The captures are plain text (tmux capture-pane), so they show what
# a cashier sees without colour: the focus and every key must be readable in them.
#
# Usage: scripts/walkthrough.sh [OUT_DIR]   (default: target/walkthrough)
# Environment: COMPTOIR_BIN (default: builds and uses target/debug/comptoir),
#              CUSTOMERS (demo size, default 100000), SETTLE (seconds per step, 0.6).
# Needs tmux. Exits non-zero, naming the step, when an expected text never shows.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=${1:-target/walkthrough}
CUSTOMERS=${CUSTOMERS:-100000}
SETTLE=${SETTLE:-0.6}
if [ -z "${COMPTOIR_BIN:-}" ]; then
    cargo build --quiet
    COMPTOIR_BIN="${CARGO_TARGET_DIR:-target}/debug/comptoir"
fi
command -v tmux >/dev/null || { echo "walkthrough: tmux is needed" >&2; exit 1; }

WORK=$(mktemp -d)
SOCKET="comptoir-walkthrough-$$"
cleanup() {
    tmux -L "$SOCKET" kill-server 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
chmod 700 "$WORK"
mkdir -p "$OUT"

PIN=246813
DB="$WORK/shop.db"
echo "walkthrough: demo shop of $CUSTOMERS customers in $WORK"
"$COMPTOIR_BIN" --db "$DB" demo --customers "$CUSTOMERS" --seed 7 >/dev/null
HASH=$(echo "$PIN" | "$COMPTOIR_BIN" hash-pin 2>/dev/null)
CONFIG="$WORK/config.toml"
cat >"$CONFIG" <<EOF
[shop]
name = "Épicerie du Coin"
[manager]
pin_hash = "$HASH"
[store]
database = "$DB"
EOF
chmod 600 "$CONFIG"
# An import file for the Import screen, with one bad row.
mkdir -p "$WORK/files"
printf 'first_name,last_name,email,phone\nJeanne,Martin,jeanne.martin@example.org,0612345678\nPaul,Durand,not-an-email,\n' \
    >"$WORK/files/clients.csv"

t() { tmux -L "$SOCKET" "$@"; }
keys() { t send-keys -t reg "$@"; sleep "$SETTLE"; }
text() { t send-keys -t reg -l "$1"; sleep "$SETTLE"; }
# scan CODE: the code and Enter in one burst, as a keyboard-wedge reader sends them.
scan() { t send-keys -t reg -l "$1"; t send-keys -t reg Enter; sleep "$SETTLE"; }
# shot NAME EXPECTED: waits (10 s at most) for EXPECTED on screen, then saves it.
shot() {
    local name=$1 expect=$2 i screen
    for i in $(seq 1 50); do
        screen=$(t capture-pane -t reg -p)
        if grep -qF -- "$expect" <<<"$screen"; then
            printf '%s\n' "$screen" >"$OUT/$MODE-$name.txt"
            return 0
        fi
        sleep 0.2
    done
    printf '%s\n' "$screen" >"$OUT/$MODE-$name.FAILED.txt"
    echo "walkthrough: $MODE/$name: \"$expect\" never showed (screen in $OUT/$MODE-$name.FAILED.txt)" >&2
    exit 1
}

# start MODE HOME DIR ARGS...: a fresh tmux session at 80x24 running comptoir in DIR with
# HOME, in colour or (MODE ascii) in ASCII mode, kept open 30 s after it ends.
start() {
    MODE=$1
    local home=$2 dir=$3 envs="TERM=xterm-256color"
    shift 3
    [ "$MODE" = ascii ] && envs="TERM=xterm-256color COMPTOIR_ASCII=1"
    t kill-server 2>/dev/null || true
    sleep 0.5
    t -f /dev/null new-session -d -x 80 -y 24 -s reg \
        "cd $dir && env -i PATH=/usr/bin:/bin HOME=$home $envs $COMPTOIR_BIN $*; sleep 30"
}

run_mode() {
    start "$1" "$WORK" "$WORK/files" --config "$CONFIG"
    shot 01-sale-empty "F2 Customer"
    keys F1
    shot 02-help-sale "Keys: Sale screen"
    keys Escape
    # Picker, simple search, then advanced mode and its fields.
    keys F2
    text "dupont par"
    shot 03-picker-results "results"
    keys F2
    shot 04-picker-advanced "advanced"
    keys F3
    shot 05-popup-fields "[1]"
    keys Escape
    keys F2
    # A new customer with a phone that does not exist: the form shows its errors.
    keys F4
    text "Hugo"
    keys Tab
    # The last name starts as the search text: replace it.
    for _ in $(seq 1 12); do t send-keys -t reg BSpace; done
    text "Martin"
    keys Tab Tab
    text "06 12"
    # A postal code that several towns share: the city choice.
    keys Tab Tab Tab
    text "01400"
    keys Tab
    shot 05b-popup-cities "Several cities share"
    keys Enter
    keys F10
    shot 06-form-errors "to correct"
    keys Escape
    shot 07-picker-back "results"
    keys Enter
    shot 08-sale-attached "Ticket -"
    # Ring up two items, change a quantity, pay cash with change.
    text "3760123450003"
    keys Enter
    text "3760123450010"
    keys Enter
    shot 09b-sale-ticket "Ticket -"
    keys F6
    shot 09-popup-quantity "Quantity"
    # A quantity that is not one first: refused, the popup stays.
    keys BSpace
    text "2x"
    keys Enter
    shot 09a-popup-quantity-bad "Not a quantity"
    keys BSpace BSpace
    text "2"
    keys Enter
    shot 09c-sale-quantity "Ticket -"
    keys F5
    text "cafe"
    shot 10-popup-items "Find an item"
    keys Escape
    # Pay by card: the confirmation, answered no.
    keys F9
    shot 10b-popup-card "Card payment of"
    keys Escape
    keys F8
    shot 11-popup-cash "Left to pay"
    text "50"
    shot 12-popup-cash-change "Change due"
    keys Enter
    shot 13-sale-paid "stored"
    # No customer now: Ctrl+T sells a gift card (a new code, said in the status line).
    keys C-t
    shot 13a-popup-gift-card-sale "Sell a gift card"
    text "25"
    keys Enter
    shot 13b-gift-card-sold "Gift card"
    CARD=$(t capture-pane -t reg -p | grep -o 'Gift card [0-9]\{13\}' | head -1 | awk '{print $3}')
    # A ticket parked with a label, the parked list, recalled.
    text "3760123450003"
    keys Enter
    text "blue coat"
    keys C-p
    shot 13c-ticket-parked "parked"
    keys C-r
    shot 13d-popup-parked "blue coat"
    keys Enter
    shot 13e-ticket-recalled "3760123450003"
    # Paid with the gift card, scanned at the payment window.
    keys F8
    shot 13f-popup-pay "Gift card"
    scan "$CARD"
    shot 13g-popup-pay-gift "available"
    keys Enter
    shot 13h-sale-paid-gift "paid (Gift card)"
    # The customer's card: every tab.
    keys F2
    text "dupont par"
    shot 14-picker-again "results"
    keys F5
    shot 15-card-info "Info"
    for tab in history marketing loyalty notes contact merge delete; do
        keys Tab
        shot "16-card-$tab" "Customer card"
    done
    keys Tab
    # The merge tab, as a manager: the PIN popup first.
    keys F11
    shot 17-popup-pin "PIN"
    text "$PIN"
    keys Enter
    shot 18-manager-on "MANAGER"
    # A past sale, with its reprint, move and refund keys.
    keys Tab
    keys Enter
    shot 18a-popup-sale "F6 Move"
    keys Escape
    # A refund of one item of the sale just paid, to store credit (the role is unlocked:
    # no PIN); the history shows it, the Loyalty tab the credit note.
    keys F7
    shot 18g-popup-refund "To give back"
    text "+"
    keys F2
    shot 18h-popup-refund-chosen "store credit"
    keys Enter
    shot 18i-card-history-refund "refund of"
    keys Tab Tab
    shot 18j-card-loyalty-credit "Store credit"
    # A new internal note (Notes tab).
    keys Tab
    keys F2
    shot 18b-popup-note "New internal note"
    keys Escape
    # Merge with another customer found by search: the plan, then its confirmation.
    keys Tab Tab
    keys F2
    text "martin"
    shot 18c-picker-merge "results"
    keys Enter
    shot 18d-merge-plan "F10 merges"
    keys F10
    shot 18e-popup-confirm-merge "disappears"
    keys Escape
    keys Escape
    # Delete: the confirmation, answered no.
    keys Tab
    keys F10
    shot 18f-popup-confirm-delete "Esc: no"
    keys Escape
    keys Escape
    keys Escape
    shot 19-sale-manager "F2 Customer"
    # A code nobody holds, scanned (typed as fast as a reader): what to do with it, then
    # the new-product form (manager).
    scan "2912345678906"
    shot 19a-popup-unknown-scan "Unknown code"
    keys Down Down
    keys Enter
    shot 19b-popup-new-product "New product"
    keys Escape
    keys Escape
    # The price of a line (manager), with a value that is not one.
    text "3760123450003"
    keys Enter
    keys F12
    shot 19c-popup-price "Unit price"
    keys BSpace
    text "x"
    keys Enter
    shot 19d-popup-price-bad "Not a price"
    keys Escape
    keys F7
    # Customers list and the Import screen.
    keys F10
    shot 20-list "Customers"
    keys F7
    shot 21-import-choose "clients.csv"
    text "clients"
    keys Enter
    shot 22-import-review "refused"
    keys F10
    shot 23-import-confirm "creates"
    keys Escape
    keys Escape
    keys Escape
    # The products screen: a search with a typo, a new product with a wrong value in
    # every field, then the groups screen and the question before deleting a group
    # that has customers.
    shot 23a-list-again "F8 Products"
    keys F8
    shot 23b-products "Products ("
    text "cafe ethopie"
    shot 23c-products-search "thiopie"
    keys F4
    shot 23d-product-new "New product"
    text "3017620422004"
    keys Tab Tab
    text "abc"
    keys Tab
    for _ in $(seq 1 4); do t send-keys -t reg BSpace; done
    text "7"
    keys F10
    shot 23e-product-errors "check digit"
    keys Escape
    keys Escape
    keys F9
    shot 23f-groups "Customer groups ("
    keys F5
    shot 23f2-group-prices "Special prices of"
    keys Escape
    keys F7
    shot 23g-group-delete "Where do they go"
    keys Escape
    keys Escape
    # The reports screen: last month's days (a whole month of the demo's sales) and
    # groups as bar charts, then the Z with a count typed and the closing's question
    # (answered no: the demo's day stays open).
    keys F6
    keys F4
    shot 23h-reports-days "Goods per day"
    keys Tab
    shot 23i-reports-groups "Goods per customer group"
    keys Tab
    shot 23i2-reports-customers "[Top customers]"
    keys Tab
    shot 23i3-reports-payments "[Payments]"
    keys Tab
    shot 23i4-reports-vat "[VAT]"
    keys Tab
    shot 23j-reports-z "not closed"
    keys Down
    text "123,45"
    keys F10
    shot 23k-reports-close "Close register"
    keys Escape
    keys Escape
    # The settings screen: each section in turn (nothing saved).
    keys F12
    shot 23h-settings "Shop name"
    local section
    for section in "vat:VAT rates %" "language:> Language" "search:Search fields" \
        "contact:WhatsApp message" "loyalty:Loyalty program" "receipt:Receipt printer" \
        "session:Idle time" "email:SMTP server" "sms:Gateway URL" "prep:Station 1"; do
        t send-keys -t reg PageDown
        shot "23i-settings-${section%%:*}" "${section#*:}"
    done
    keys Escape
    # The outbox screen (the demo queues no message: the empty outbox).
    keys F11
    shot 23l-outbox "The outbox is empty"
    keys Escape
    keys Escape
    shot 24-back-to-sale "F2 Customer"
    keys C-q
}

# The first start on an empty database: the setup screen, then its errors (nothing is
# written: Ctrl+Q leaves before saving).
run_setup() {
    start "$1" "$WORK/empty" "$WORK/empty" --db "$WORK/empty/shop.db" --config "$WORK/empty/config.toml"
    shot 00-setup "Set up the shop"
    keys F10
    shot 00-setup-errors "Shop name"
    keys C-q
}

mkdir -p "$WORK/empty"
chmod 700 "$WORK/empty"
run_setup colour
run_setup ascii
run_mode colour
run_mode ascii
echo "walkthrough: $(ls "$OUT" | wc -l) captures in $OUT"
