#!/usr/bin/env python3
"""Extract the cement and aluminium rows of the Commission's CBAM reference workbooks into the
CSV files under data/ that the crate embeds (src/tables/).

    python3 tools/extract_reference_tables.py            # write data/*.csv
    python3 tools/extract_reference_tables.py --check    # compare, write nothing, exit 1 on drift

Defaults: --ec ../shared/reference/ec --out data, relative to the repository root.

Writes
  data/default-values-IR-2025-2621.csv   from default-values-IR-2025-2621-v20260204.xlsx
  data/benchmarks-IR-2025-2620.csv       from benchmarks-IR-2025-2620-v20260206.xlsx

Reads but never writes data/cbam-years.csv (hand-maintained from the legal texts): its
default_markup column is checked against the workbook's "10% mark-up" headings.

Numbers are written as Python's repr(float), the shortest text that round-trips to the f64 the
workbook holds (0.87, 4.895545619); "–" (en dash), "_" and "N/A" become empty cells, meaning "no
value". Mark-up columns are not extracted (they are total × (1 + mark-up)); they are recomputed
and every disagreement is printed as an anomaly, as are cells outside the table and CN codes that
are not CBAM goods. Output is deterministic: same workbooks, same bytes.

Needs python3 and openpyxl.
"""

import argparse
import csv
import hashlib
import io
import os
import re
import sys
import datetime

import openpyxl

DEFAULTS_XLSX = "default-values-IR-2025-2621-v20260204.xlsx"
BENCHMARKS_XLSX = "benchmarks-IR-2025-2620-v20260206.xlsx"
DEFAULTS_CSV = "default-values-IR-2025-2621.csv"
BENCHMARKS_CSV = "benchmarks-IR-2025-2620.csv"
YEARS_CSV = "cbam-years.csv"
COMMAND = "python3 tools/extract_reference_tables.py"

SECTIONS = ("Cement", "Aluminium")
OTHER_SHEET = "_Other Countries and Territorie"
NO_VALUE = ("–", "_", "N/A")  # en dash, underscore placeholder, not applicable
BLANK = (None, "", "\xa0")

# The workbook's English country names (cell A1 of each sheet) -> ISO 3166-1 alpha-2.
COUNTRY_CODES = {
    "Albania": "AL", "Algeria": "DZ", "Angola": "AO", "Argentina": "AR", "Armenia": "AM",
    "Australia": "AU", "Azerbaijan": "AZ", "Bangladesh": "BD", "Bahrain": "BH", "Belarus": "BY",
    "Benin": "BJ", "Bolivia": "BO", "Bosnia and Herzegovina": "BA", "Brazil": "BR",
    "Brunei": "BN", "Cambodia": "KH", "Cameroon": "CM", "Canada": "CA", "Chile": "CL",
    "China": "CN", "Colombia": "CO", "Congo": "CG", "Costa Rica": "CR", "Côte d'Ivoire": "CI",
    "Cuba": "CU", "Curaçao": "CW", "Democratic Republic of the Congo": "CD",
    "Dominican Republic": "DO", "Ecuador": "EC", "Egypt": "EG", "El Salvador": "SV",
    "Equatorial Guinea": "GQ", "Eritrea": "ER", "Eswatini": "SZ", "Ethiopia": "ET",
    "Gabon": "GA", "Georgia": "GE", "Ghana": "GH", "Guatemala": "GT", "Haiti": "HT",
    "Honduras": "HN", "Hong Kong": "HK", "India": "IN", "Indonesia": "ID", "Iran": "IR",
    "Iraq": "IQ", "Israel": "IL", "Jamaica": "JM", "Japan": "JP", "Jordan": "JO",
    "Kazakhstan": "KZ", "Kenya": "KE", "Kuwait": "KW", "Kyrgyzstan": "KG", "Laos": "LA",
    "Lebanon": "LB", "Libya": "LY", "Madagascar": "MG", "Malaysia": "MY", "Mali": "ML",
    "Mauritius": "MU", "Mauritania": "MR", "Mexico": "MX", "Moldova": "MD", "Mongolia": "MN",
    "Montenegro": "ME", "Morocco": "MA", "Mozambique": "MZ", "Myanmar/Burma": "MM",
    "Namibia": "NA", "Nepal": "NP", "New Zealand": "NZ", "Nicaragua": "NI", "Niger": "NE",
    "Nigeria": "NG", "North Korea": "KP", "North Macedonia": "MK", "Oman": "OM",
    "Pakistan": "PK", "Papua New Guinea": "PG", "Panama": "PA", "Paraguay": "PY", "Peru": "PE",
    "Philippines": "PH", "Qatar": "QA", "Russia": "RU", "Rwanda": "RW", "Saudi Arabia": "SA",
    "Senegal": "SN", "Serbia": "RS", "Sierra Leone": "SL", "Singapore": "SG",
    "South Africa": "ZA", "South Korea": "KR", "Sri Lanka": "LK", "Sudan": "SD",
    "Suriname": "SR", "Syria": "SY", "Taiwan": "TW", "Tajikistan": "TJ", "Tanzania": "TZ",
    "Thailand": "TH", "Togo": "TG", "Trinidad and Tobago": "TT", "Tunisia": "TN",
    "Türkiye": "TR", "Turkmenistan": "TM", "Uganda": "UG", "Ukraine": "UA",
    "United Arab Emirates": "AE", "United Kingdom": "GB", "United States": "US",
    "Uruguay": "UY", "Uzbekistan": "UZ", "Venezuela": "VE", "Vietnam": "VN", "Yemen": "YE",
    "Zambia": "ZM", "Zimbabwe": "ZW",
    "Other Countries and Territories": "OTHER",
}

# CBAM goods of the two sectors (Annex I to Regulation (EU) 2023/956): CN prefixes.
CBAM_PREFIXES = {
    "Cement": ("25070080", "252310", "252321", "252329", "252330", "252390"),
    "Aluminium": ("7601", "7603", "7604", "7605", "7606", "7607", "7608", "7609", "7610",
                  "7611", "7612", "7613", "7614", "7616"),
}

DEFAULTS_HEADER = ["country", "country_name", "cn_code", "variant", "description",
                   "direct", "indirect", "total", "route_bm"]
BENCHMARKS_HEADER = ["cn_code", "description", "column_a_bm", "column_a_route",
                     "column_b_bm", "column_b_route"]
MARKUP_YEARS = (2026, 2027, 2028)  # columns F, G, H: "2026", "2027", "2028 and onwards"


class Anomalies:
    def __init__(self):
        self.items = []

    def add(self, where, text):
        self.items.append(f"{where}: {text}")


def fail(msg):
    sys.exit(f"error: {msg}")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def number_text(v, where):
    """The shortest round-trip text of a workbook number, or "" for a no-value placeholder."""
    if isinstance(v, bool):
        fail(f"{where}: unexpected boolean {v!r}")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        t = repr(v)
        if "e" in t or "n" in t:
            fail(f"{where}: number {t} has no plain decimal text")
        return t
    if v in NO_VALUE:
        return ""
    fail(f"{where}: expected a number, '–' or 'N/A', found {v!r}")


def cn_digits(v, where):
    t = str(v).replace(" ", "").replace("\xa0", "")
    if not re.fullmatch(r"\d{4}|\d{6}|\d{8}", t):
        fail(f"{where}: malformed CN code {v!r}")
    return t


def text(v):
    return "" if v in BLANK else str(v).strip()


def is_heading(v):
    return isinstance(v, str) and v.strip() != "" and not any(c.isdigit() for c in v)


def in_scope(section, cn):
    return any(cn.startswith(p) or p.startswith(cn) for p in CBAM_PREFIXES[section])


def file_date(name):
    """The date in a Commission file name, `...-v20260204.xlsx` -> `2026-02-04`."""
    m = re.search(r"-v(\d{4})(\d{2})(\d{2})\.xlsx$", name)
    if not m:
        fail(f"{name}: no -vYYYYMMDD in the file name")
    return "-".join(m.groups())


def version_row(wb, sheet):
    ws = wb[sheet]
    rows = [r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] is not None]
    version, date, notes = rows[-1][:3]
    if not isinstance(date, datetime.datetime):
        fail(f"{sheet}: expected a date in the last version row, found {date!r}")
    return version, date.date().isoformat(), notes


def read_years(path):
    """The default_markup column of data/cbam-years.csv, by year."""
    out = {}
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.reader(line for line in f if not line.startswith("#"))]
    header = rows[0]
    for r in rows[1:]:
        rec = dict(zip(header, r))
        out[int(rec["year"])] = float(rec["default_markup"])
    return out


def markup_label(v):
    m = re.fullmatch(r"\s*(\d+)\s*% mark-up\s*", v or "") if isinstance(v, str) else None
    return int(m.group(1)) / 100 if m else None


def extract_defaults(path, markups, anomalies):
    wb = openpyxl.load_workbook(path)
    rows = []
    stats = {"sum_rounding": 0, "sheets": 0}
    for sheet in wb.sheetnames:
        if sheet in ("Overview", "Version History"):
            continue
        ws = wb[sheet]
        name = text(ws["A1"].value)
        if name not in COUNTRY_CODES:
            fail(f"{sheet}!A1: country name {name!r} has no ISO code in COUNTRY_CODES")
        code = COUNTRY_CODES[name]
        if (sheet == OTHER_SHEET) != (code == "OTHER"):
            fail(f"{sheet}: 'Other countries and territories' is expected on sheet {OTHER_SHEET}")
        header = [text(c.value) for c in ws[2][:9]]
        if not header[0].startswith("Product CN Code") or "total" not in header[4]:
            fail(f"{sheet}: unexpected header row {header}")
        stats["sheets"] += 1
        section, rates, outside = None, None, []
        for r in ws.iter_rows(min_row=3):
            a = r[0].value
            row_no = r[0].row
            if is_heading(a):
                section = a.strip()
                if section in SECTIONS:
                    labels = [markup_label(c.value) for c in r[5:8]]
                    rates = [markups[y] for y in MARKUP_YEARS]
                    if labels != rates:
                        found = [text(c.value) or "(empty)" for c in r[5:8]]
                        anomalies.add(f"{sheet}!A{row_no}",
                                      f"'{section}' heading has mark-up labels {found}, "
                                      f"expected {[f'{round(x * 100)}% mark-up' for x in rates]}; "
                                      "recomputing with data/cbam-years.csv")
                continue
            if section not in SECTIONS:
                continue
            outside.extend(f"{c.coordinate}={c.value!r}" for c in r[9:] if c.value not in BLANK)
            if a in BLANK:
                continue
            where = f"{sheet}!A{row_no}"
            cn = cn_digits(a, where)
            if not in_scope(section, cn):
                anomalies.add(where, f"CN {cn} '{text(r[1].value)}' in section {section} is not "
                                     "a CBAM good of that sector (Annex I); extracted as given")
            desc = text(r[1].value)
            words = set(re.findall(r"[a-z]+", desc.lower()))
            variant = "grey" if "grey" in words else "white" if "white" in words else ""
            vals = [number_text(r[i].value, f"{sheet}!{r[i].coordinate}") for i in (2, 3, 4)]
            direct, indirect, total = vals
            route = text(r[8].value) if len(r) > 8 else ""
            check_row(sheet, r, total, rates, anomalies)
            if direct and indirect and total:
                if abs(float(direct) + float(indirect) - float(total)) > 1e-9:
                    stats["sum_rounding"] += 1
            rows.append([code, name, cn, variant, desc, direct, indirect, total, route])
        if outside:
            anomalies.add(sheet, f"{len(outside)} cells beside the cement/aluminium table "
                                 f"(right of column I), not extracted: {', '.join(outside)}")
    compare_code_lists(rows, anomalies)
    seen = set()
    for row in rows:
        key = (row[0], row[2], row[3])
        if key in seen:
            fail(f"duplicate default-value row {key}")
        seen.add(key)
    rows.sort(key=lambda x: (x[0] == "OTHER", x[0]))  # stable: sheet order within a country
    return wb, rows, stats


def compare_code_lists(rows, anomalies):
    """Report a country whose list of CN codes in a section differs from the OTHER sheet's."""
    def sector(cn):
        return "Cement" if cn.startswith("25") else "Aluminium"

    lists = {}
    for row in rows:
        lists.setdefault((row[0], row[1], sector(row[2])), []).append(row[2])
    reference = {sec: set(codes) for (code, _, sec), codes in lists.items() if code == "OTHER"}
    for (code, name, sec), codes in lists.items():
        missing = sorted(reference[sec] - set(codes))
        extra = sorted(set(codes) - reference[sec])
        if missing or extra:
            anomalies.add(f"{name} ({code})", f"{sec} section lacks {missing or 'nothing'} and "
                                              f"adds {extra or 'nothing'} compared with the "
                                              "'Other countries and territories' sheet")


def check_row(sheet, r, total, rates, anomalies):
    """Compare the mark-up cells F:H with total × (1 + mark-up) to 1e-9."""
    for k, (cell, rate) in enumerate(zip(r[5:8], rates)):
        v = cell.value
        where = f"{sheet}!{cell.coordinate}"
        if total == "":
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                anomalies.add(where, f"'{text(r[1].value)}': total is '{text(r[4].value)}' but "
                                     f"the mark-up cell holds {v!r}; no value extracted")
            elif v not in BLANK and v not in NO_VALUE:
                anomalies.add(where, f"unexpected mark-up cell {v!r}")
            continue
        expected = float(total) * (1 + rate)
        if not isinstance(v, (int, float)) or isinstance(v, bool):
            anomalies.add(where, f"'{text(r[1].value)}': total {total} but mark-up cell is {v!r}")
        elif abs(v - expected) > 1e-9:
            compounded = float(total) * (1 + rates[0]) ** (k + 1)
            why = (f" (it is {total} × {1 + rates[0]:g}^{k + 1}: the first-year mark-up "
                   "compounded)" if abs(v - compounded) <= 1e-9 else "")
            anomalies.add(where, f"'{text(r[1].value)}': mark-up cell {v!r} != "
                                 f"{total} × {1 + rate:g} = {expected!r}{why}")


def extract_benchmarks(path, anomalies):
    wb = openpyxl.load_workbook(path)
    ws = wb["Benchmarks"]
    header = [text(c.value).replace("\n", " ") for c in ws[1][:6]]
    expected = ["CN code", "CN Description", "Column A BMg [tCO2e/t]",
                "Column A Production route indicator", "Column B BMg [tCO2e/t]",
                "Column B Production route indicator"]
    if header != expected:
        fail(f"Benchmarks!1: unexpected header {header}")
    # A merged cell's value belongs to every row it spans.
    merged = {}
    for rng in ws.merged_cells.ranges:
        anchor = ws.cell(rng.min_row, rng.min_col).value
        for row in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                merged[(row, col)] = anchor

    def value(row, col):
        return merged.get((row, col), ws.cell(row, col).value)

    rows, section = [], None
    for r in range(2, ws.max_row + 1):
        a = value(r, 1)
        if is_heading(a):
            section = a.strip()
            continue
        if section not in SECTIONS:
            continue
        for c in range(7, ws.max_column + 1):
            if ws.cell(r, c).value not in BLANK:
                anomalies.add(f"Benchmarks!{ws.cell(r, c).coordinate}", "value outside A:F")
        if a in BLANK and all(value(r, c) in BLANK for c in range(2, 7)):
            continue
        where = f"Benchmarks!A{r}"
        if a in BLANK:
            fail(f"{where}: benchmark row without a CN code")
        cn = cn_digits(a, where)
        if len(cn) != 8:
            fail(f"{where}: expected an 8-digit CN code, found {cn}")
        if not in_scope(section, cn):
            anomalies.add(where, f"CN {cn} is not a CBAM good of section {section}")
        a_bm = number_text(value(r, 3), f"Benchmarks!C{r}") if value(r, 3) not in BLANK else ""
        b_bm = number_text(value(r, 5), f"Benchmarks!E{r}") if value(r, 5) not in BLANK else ""
        a_route, b_route = text(value(r, 4)), text(value(r, 6))
        if a_route and b_route and a_route != b_route:
            anomalies.add(where, f"route indicators differ: column A {a_route}, column B {b_route}")
        rows.append([cn, text(value(r, 2)), a_bm, a_route, b_bm, b_route])
    seen = set()
    for row in rows:
        key = (row[0], row[5] or row[3])
        if key in seen:
            fail(f"duplicate benchmark row {key}")
        seen.add(key)
    return wb, rows


def render(comments, header, rows):
    out = io.StringIO()
    for c in comments:
        out.write(f"# {c}\n" if c else "#\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        for cell in row:
            if "\n" in cell or "\r" in cell:
                fail(f"line break in cell {cell!r}")
        w.writerow(row)
    return out.getvalue()


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ec", default=os.path.join(root, "..", "shared", "reference", "ec"),
                   help="folder holding the Commission workbooks")
    p.add_argument("--out", default=os.path.join(root, "data"), help="folder of the CSV files")
    p.add_argument("--check", action="store_true",
                   help="compare with the files in --out instead of writing them")
    args = p.parse_args()

    anomalies = Anomalies()
    markups = read_years(os.path.join(args.out, YEARS_CSV))

    dv_path = os.path.join(args.ec, DEFAULTS_XLSX)
    wb, dv_rows, stats = extract_defaults(dv_path, markups, anomalies)
    version, date, notes = version_row(wb, "Version History")
    countries = sorted({r[0] for r in dv_rows if r[0] != "OTHER"})
    dv_text = render([
        "CBAM default values, cement and aluminium rows (sections 'Cement' and 'Aluminium').",
        f"citation: Implementing Regulation (EU) 2025/2621, Commission workbook "
        f"v{file_date(DEFAULTS_XLSX)}",
        "legal act: Commission Implementing Regulation (EU) 2025/2621 (default values), Annex I",
        f"source file: {DEFAULTS_XLSX} (sha256 {sha256(dv_path)})",
        f"workbook version: {version}, {date}: {notes}",
        f"extracted by: {COMMAND}",
        "units: tCO2e per tonne of good; empty cell = no value ('–' or 'N/A' in the workbook)",
        f"rows: {len(dv_rows)}; countries with own rows: {len(countries)}; "
        "country OTHER = sheet 'Other Countries and Territories'",
        "mark-up columns omitted: they equal total × (1 + default_markup), see cbam-years.csv",
    ], DEFAULTS_HEADER, dv_rows)

    bm_path = os.path.join(args.ec, BENCHMARKS_XLSX)
    wb, bm_rows = extract_benchmarks(bm_path, anomalies)
    version, bdate, notes = version_row(wb, "Version history")
    core_date = wb.properties.created.date().isoformat() if wb.properties.created else "?"
    if bdate != core_date:
        anomalies.add("benchmarks 'Version history'!B3",
                      f"version date {bdate} but the file name and document properties say "
                      f"{core_date}")
    bm_text = render([
        "CBAM benchmarks, cement and aluminium rows (sections 'Cement' and 'Aluminium').",
        f"citation: Implementing Regulation (EU) 2025/2620, Commission workbook "
        f"v{file_date(BENCHMARKS_XLSX)}",
        "legal act: Commission Implementing Regulation (EU) 2025/2620 (free allocation "
        "adjustment), Annex",
        f"source file: {BENCHMARKS_XLSX} (sha256 {sha256(bm_path)})",
        f"workbook version: {version}, {bdate} (sic; created {core_date}): {notes}",
        f"extracted by: {COMMAND}",
        "units: BMg in tCO2e per tonne of good; empty cell = blank in the workbook",
        "one row per workbook row; cells merged across rows are repeated on each row",
    ], BENCHMARKS_HEADER, bm_rows)

    outputs = {DEFAULTS_CSV: dv_text, BENCHMARKS_CSV: bm_text}
    drift = False
    for name, content in outputs.items():
        path = os.path.join(args.out, name)
        if args.check:
            try:
                with open(path, encoding="utf-8", newline="") as f:
                    same = f.read() == content
            except FileNotFoundError:
                same = False
            if not same:
                print(f"drift: {path} differs from a fresh extraction", file=sys.stderr)
                drift = True
        else:
            with open(path + ".tmp", "w", encoding="utf-8", newline="") as f:
                f.write(content)
            os.replace(path + ".tmp", path)
            print(f"wrote {path}")

    print(f"default values: {len(dv_rows)} rows from {stats['sheets']} sheets, "
          f"{len(countries)} countries with cement or aluminium rows; "
          f"{stats['sum_rounding']} rows where direct + indirect != total (rounded separately)")
    print(f"benchmarks: {len(bm_rows)} rows")
    print(f"anomalies ({len(anomalies.items)}):")
    for a in anomalies.items:
        print(f"  {a}")
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main())
