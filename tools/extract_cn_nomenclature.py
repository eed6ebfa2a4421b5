#!/usr/bin/env python3
"""Write data/cn-nomenclature.csv: the 8-digit CN codes of cement and aluminium goods in each
Combined Nomenclature from CN 2023 to CN 2026, one row per code and description with the first and
last year it is valid.

    python3 tools/extract_cn_nomenclature.py            # write data/cn-nomenclature.csv
    python3 tools/extract_cn_nomenclature.py --check    # compare, write nothing, exit 1 on drift

Defaults: --ec ../shared/reference/ec --out data, relative to the repository root.

Where each year's codes come from (no copy of the CN regulations' annexes was at hand; see
data/README.md for what says which year a code changed):

  CN 2023, CN 2024  the Communication template v2.1.1, sheet c_CodeLists (its CN code list)
  CN 2025           the same template, sheet Parameters_CNCodes
  CN 2026           data/benchmarks-IR-2025-2620.csv (the IR 2025/2620 workbook's codes);
                    the script fails unless they are the CN 2025 codes

Needs python3 and openpyxl.
"""

import argparse
import csv
import hashlib
import io
import os
import re
import sys

import openpyxl

TEMPLATE_XLSX = "communication-template-v2.1.1-20241213.xlsx"
BENCHMARKS_CSV = "benchmarks-IR-2025-2620.csv"
OUT_CSV = "cn-nomenclature.csv"
COMMAND = "python3 tools/extract_cn_nomenclature.py"
HEADER = ["code", "description", "first_year", "last_year", "source"]
YEARS = (2023, 2024, 2025, 2026)
SCOPE = ("25070080", "2523", "7601", "7603", "7604", "7605", "7606", "7607", "7608", "7609",
         "7610", "7611", "7612", "7613", "7614", "7616")

# Each year's nomenclature and the list its codes are read from.
ACTS = {
    2023: "CN 2023: Commission Implementing Regulation (EU) 2022/1998 (OJ L 282, 31.10.2022)",
    2024: "CN 2024: Commission Implementing Regulation (EU) 2023/2364 (OJ L, 31.10.2023)",
    2025: "CN 2025: Commission Implementing Regulation (EU) 2024/2522 (OJ L, 31.10.2024)",
    2026: "CN 2026: the Commission Implementing Regulation amending Annex I to Regulation (EEC) "
          "No 2658/87 published in OJ L of 31.10.2025 (its number not confirmed here)",
}
LISTS = {
    2023: "template v2.1.1 c_CodeLists",
    2024: "template v2.1.1 c_CodeLists",
    2025: "template v2.1.1 Parameters_CNCodes",
    2026: "IR 2025/2620 workbook v2026-02-06",
}


# The helpers both extractors use: one copy, in the older script (same folder).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from extract_reference_tables import fail, sha256  # noqa: E402


def clean(text):
    return re.sub(r"\s+", " ", str(text)).strip()


def in_scope(code):
    return len(code) == 8 and code.isdigit() and code.startswith(SCOPE)


def template_lists(path):
    """(c_CodeLists codes, Parameters_CNCodes codes): {code: description} each, in scope."""
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    code_lists = {}
    for row in wb["c_CodeLists"].iter_rows(min_row=280, values_only=True):
        code = str(row[4] or "").replace(" ", "")
        if in_scope(code):
            if not row[5]:
                fail(f"c_CodeLists: {code} has no cached description")
            code_lists[code] = clean(row[5])
    params = {}
    for row in wb["Parameters_CNCodes"].iter_rows(min_row=4, values_only=True):
        code = str(row[3] or "")
        if in_scope(code):
            params[code] = clean(row[2])
    if not code_lists or not params:
        fail(f"{path}: no CN codes found")
    return code_lists, params


def benchmark_codes(path):
    codes = {}
    with open(path, encoding="utf-8") as f:
        rows = csv.reader(line for line in f if not line.startswith("#"))
        header = next(rows)
        for r in rows:
            rec = dict(zip(header, r))
            if in_scope(rec["cn_code"]):
                codes[rec["cn_code"]] = clean(rec["description"])
    return codes


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ec", default=os.path.join(root, "..", "shared", "reference", "ec"),
                   help="folder holding the Commission workbooks")
    p.add_argument("--out", default=os.path.join(root, "data"), help="folder of the CSV files")
    p.add_argument("--check", action="store_true",
                   help="compare with the file in --out instead of writing it")
    args = p.parse_args()

    template = os.path.join(args.ec, TEMPLATE_XLSX)
    code_lists, params = template_lists(template)
    bench = benchmark_codes(os.path.join(args.out, BENCHMARKS_CSV))
    if set(bench) != set(params):
        fail("the IR 2025/2620 codes differ from the template's Parameters_CNCodes: "
             f"{sorted(set(bench) ^ set(params))}; CN 2026 changed nothing in chapters 25 and 76")
    by_year = {2023: code_lists, 2024: code_lists, 2025: params, 2026: bench}

    rows = []
    for code in sorted(set().union(*by_year.values())):
        years = [y for y in YEARS if code in by_year[y]]
        if years != list(range(years[0], years[-1] + 1)):
            fail(f"{code}: valid in {years}, with a gap")
        texts = {by_year[y][code] for y in years}
        if len(texts) != 1:
            fail(f"{code}: descriptions differ between years: {sorted(texts)}")
        lists = []
        for y in years:
            if not lists or lists[-1][1] != LISTS[y]:
                lists.append(([y], LISTS[y]))
            else:
                lists[-1][0].append(y)
        source = "; ".join(
            f"CN {ys[0]}" + (f"-{ys[-1]}" if len(ys) > 1 else "") + f": {name}"
            for ys, name in lists)
        rows.append([code, texts.pop(), str(years[0]), str(years[-1]), source])

    out = io.StringIO()
    comments = [
        "CN codes of cement and aluminium goods (Annex I to Regulation (EU) 2023/956) by "
        "Combined Nomenclature year, CN 2023 to CN 2026.",
        "citation: Combined Nomenclature 2023 to 2026, cement and aluminium codes "
        "(Communication template v2.1.1, IR 2025/2620 workbook)",
        *(f"year {y}: {ACTS[y]}; codes from {LISTS[y]}" for y in YEARS),
        f"source file: {TEMPLATE_XLSX} (sha256 {sha256(template)})",
        f"source file: data/{BENCHMARKS_CSV} (extracted from the IR 2025/2620 workbook)",
        f"extracted by: {COMMAND}",
        "note: the template's two lists differ only in heading 7601: 7601 10 00 and 7601 20 20 "
        "(c_CodeLists) against 7601 10 10, 7601 10 90, 7601 20 30 and 7601 20 40 "
        "(Parameters_CNCodes); data/README.md gives the sources dating that change to CN 2025",
        "columns: code (8 digits), description, first_year and last_year (inclusive) of the "
        "nomenclatures holding the code, source (the list each year was read from)",
    ]
    for c in comments:
        out.write(f"# {c}\n")
    w = csv.writer(out, lineterminator="\n")
    w.writerow(HEADER)
    w.writerows(rows)
    content = out.getvalue()

    path = os.path.join(args.out, OUT_CSV)
    if args.check:
        try:
            with open(path, encoding="utf-8", newline="") as f:
                same = f.read() == content
        except FileNotFoundError:
            same = False
        print(f"{OUT_CSV}: {'up to date' if same else 'differs'}")
        sys.exit(0 if same else 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(content)
    print(f"wrote {path}: {len(rows)} codes")


if __name__ == "__main__":
    main()
