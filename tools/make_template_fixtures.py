#!/usr/bin/env python3
"""Generates the Communication-template test files in tests/fixtures/template/ from the
Commission's own files (copied there from ../shared/reference/ec/):

- aluminium-v2.1.1.xlsx: a primary smelter (PFC slope method, anodes, electricity) feeding an
  aluminium products process, entered into the blank v2.1.1 template;
- bad/*.xlsx: copies of the Commission's cement example (v2.1) with one thing broken each, plus
  a few files that are not templates at all. tests/fixtures/template/bad/README.md says what each
  exercises and which diagnostic code it must give.

The aluminium file is filled in with openpyxl (which drops every cached formula result) and then
recalculated by LibreOffice (`soffice`, Debian package libreoffice-calc-nogui) so that it holds
the Commission formulas' own results for cbam to cross-check. The bad files are edited at the XML
level inside the zip, one input at a time, so they keep every other cached result like a file
saved by a spreadsheet program. Needs: pip install openpyxl msoffcrypto-tool.

Usage (from the repository root): python3 tools/make_template_fixtures.py
"""
import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import warnings
import zipfile

import openpyxl

warnings.filterwarnings("ignore")
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DIR = os.path.join(ROOT, "tests", "fixtures", "template")
BAD = os.path.join(DIR, "bad")
EXAMPLE = os.path.join(DIR, "example-1-cement.xlsx")
BLANK = os.path.join(ROOT, "templates", "communication-template-v2.1.1-20241213.xlsx")


def edited(src, dst, cells):
    """Copy of `src` with `cells` {(sheet, 'A1'): value} set (None empties a cell)."""
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref].value = value
    wb.save(dst)


def aluminium():
    """The aluminium installation; the figures are worked out by hand in tests/it/template.rs."""
    c = {}
    a = "A_InstData"
    c[(a, "I9")] = datetime.datetime(2025, 1, 1)
    c[(a, "L9")] = datetime.datetime(2025, 12, 31)
    c[(a, "I20")] = "Example Aluminium Smelter"
    c[(a, "I21")] = "1 Smelter Road"
    c[(a, "I25")] = "Baotou"
    c[(a, "I26")] = "China"
    c[(a, "I27")] = "CN BTO"
    c[(a, "I28")] = "40.6562°"
    c[(a, "I29")] = "109.8400°"
    c[(a, "E62")] = "Unwrought aluminium"
    c[(a, "I62")] = "Primary (electrolytic) smelting"
    c[(a, "E63")] = "Aluminium products"
    c[(a, "E83")], c[(a, "F83")], c[(a, "L83")] = "Unwrought aluminium", "Unwrought aluminium", "Potline"
    c[(a, "E84")], c[(a, "F84")], c[(a, "L84")] = "Aluminium products", "Aluminium products", "Extrusion"
    c[(a, "E102")], c[(a, "F102")], c[(a, "G102")], c[(a, "L102")] = "Unwrought aluminium", "NO", "Secondary melting (recycling)", "Purchased ingots"
    b = "B_EmInst"
    for col, v in zip("DEFGLR", ["Mass Balance", "Prebaked anodes", 42000, "t", 0.97, 0]):
        c[(b, f"{col}17")] = v
    for col, v in zip("DEFGHJK", ["Combustion", "Natural gas", 2000, "1000Nm3", 35.9, 56.1, "tCO2/TJ"]):
        c[(b, f"{col}18")] = v
    for col, v in zip(["D", "E", "F", "AG", "AH", "AI", "AM"], ["Slope method", "Centre Worked Pre-Bake (CWPB)", 100000, 0.1, 1.5, 0.143, 0.121]):
        c[(b, f"{col}98")] = v
    d = "D_Processes"
    # P1 Potline (block at row 11): 100,000 t primary aluminium, 60,000 t of it to P2.
    c[(d, "L16")], c[(d, "L27")], c[(d, "L32")] = 100000, 40000, 60000
    c[(d, "L54")] = 166373.6595  # anodes 149,271.36 + PFC 17,102.2995
    c[(d, "L65")], c[(d, "L66")], c[(d, "L67")] = 1450000, 0.5703, "D.4(b)"
    # P2 Extrusion (block at row 76): 58,000 t of profiles.
    c[(d, "L81")], c[(d, "L92")] = 58000, 58000
    c[(d, "L119")] = 4027.98  # natural gas
    c[(d, "L130")], c[(d, "L131")], c[(d, "L132")] = 23200, 0.5703, "D.4(b)"
    e = "E_PurchPrec"
    c[(e, "L17")], c[(e, "L29")] = 2000, 2000
    c[(e, "L49")], c[(e, "M49")] = 1.6, "Measured"
    c[(e, "L50")], c[(e, "M50")], c[(e, "L51")], c[(e, "M51")] = 15, "Measured", 0.02, "D.4(a)"
    s = "Summary_Products"
    c[(s, "D10")], c[(s, "F10")], c[(s, "H10")] = "Potline", "76011000", "Primary aluminium ingot"
    c[(s, "D11")], c[(s, "F11")], c[(s, "H11")], c[(s, "Z11")] = "Extrusion", "76042100", "Aluminium profiles", 0.05
    path = os.path.join(DIR, "aluminium-v2.1.1.xlsx")
    edited(BLANK, path, c)
    recalculated(path)


def col_number(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n


def cell_xml(ref, attrs, value):
    """One <c> element holding `value` (None: empty; '#…': an error value; text inline)."""
    attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
    if value is None:
        return f'<c r="{ref}"{attrs}/>'
    if isinstance(value, datetime.datetime):
        value = (value - datetime.datetime(1899, 12, 30)).days
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{attrs}><v>{value}</v></c>'
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    if value.startswith("#"):
        return f'<c r="{ref}"{attrs} t="e"><v>{text}</v></c>'
    return f'<c r="{ref}"{attrs} t="inlineStr"><is><t>{text}</t></is></c>'


def set_cell(xml, ref, value):
    m = re.search(rf'<c r="{ref}"([^>]*?)(/?)>', xml)
    if m:
        end = m.end() if m.group(2) else xml.index("</c>", m.end()) + 4
        return xml[: m.start()] + cell_xml(ref, m.group(1), value) + xml[end:]
    row = re.search(r"\d+", ref).group(0)
    r = re.search(rf'<row r="{row}"[^>]*?(/?)>', xml)
    if not r or r.group(1):
        sys.exit(f"row {row} of cell {ref} not found")
    row_end = xml.index("</row>", r.end())
    pos = row_end
    for c in re.finditer(r'<c r="([A-Z]+)\d+"', xml[r.end():row_end]):
        if col_number(c.group(1)) > col_number(ref):
            pos = r.end() + c.start()
            break
    return xml[:pos] + cell_xml(ref, "", value) + xml[pos:]


def sheet_parts(z):
    """Sheet name → XML part, from workbook.xml and its relationships."""
    wb = z.read("xl/workbook.xml").decode("utf-8")
    rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)}
    targets.update({m.group(2): m.group(1) for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)})
    out = {}
    for m in re.finditer(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        name = m.group(1).replace("&amp;", "&")
        out[name] = "xl/" + targets[m.group(2)].lstrip("/").removeprefix("xl/")
    return out


def zip_edited(src, dst, cells):
    """Copy of `src` with `cells` set in the sheets' XML: every other cached result is kept, as in
    a file saved by a spreadsheet program whose user then broke one input."""
    with zipfile.ZipFile(src) as zin:
        parts = sheet_parts(zin)
        by_part = {}
        for (sheet, ref), value in cells.items():
            by_part.setdefault(parts[sheet], []).append((ref, value))
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename in by_part:
                    xml = data.decode("utf-8")
                    for ref, value in by_part[item.filename]:
                        xml = set_cell(xml, ref, value)
                    data = xml.encode("utf-8")
                zout.writestr(item, data)


def recalculated(path):
    """Recalculates `path` in LibreOffice (when installed) so that it holds cached results."""
    soffice = shutil.which("soffice")
    if not soffice:
        print("soffice not found: aluminium-v2.1.1.xlsx is left without cached results", file=sys.stderr)
        return
    out = os.path.join(DIR, "lo-out")
    subprocess.run([soffice, "--headless", "--calc", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, path], check=True, capture_output=True)
    shutil.move(os.path.join(out, os.path.basename(path)), path)
    os.rmdir(out)


D, B, A, S, E = "D_Processes", "B_EmInst", "A_InstData", "Summary_Products", "E_PurchPrec"
# name: cells edited in a copy of the cement example
BAD_EDITS = {
    "01-empty-direct-emissions": {(D, "L54"): None},
    "02-text-in-number": {(D, "L65"): "about 190000"},
    "03-ref-error": {(D, "L66"): "#REF!"},
    "04-na-error": {(B, "F18"): "#N/A"},
    "05-process-without-production": {(D, "L16"): None, (D, "L27"): None},
    "06-production-does-not-add-up": {(D, "L27"): 1000000},
    "07-negative-production": {(D, "L16"): -5, (D, "L27"): -5},
    "08-version-2.2": {("0_Versions", "E39"): "2.2", ("0_Versions", "F39"): datetime.datetime(2025, 6, 1)},
    "09-unknown-activity-unit": {(B, "G18"): "kg"},
    "10-unknown-method": {(B, "D18"): "Burning"},
    "11-empty-period-start": {(A, "I9"): None},
    "12-unknown-process-name": {(S, "D10"): "Kiln 7"},
    "13-electricity-without-factor": {(D, "L66"): None},
    "14-biomass-150-percent": {(B, "R19"): 150},
    "15-unknown-country": {(A, "I26"): "Atlantis", (A, "S26"): "#N/A"},
    "16-cn-code-malformed": {(S, "F10"): "2523"},
    "17-purchased-clinker-does-not-add-up": {
        (A, "E102"): "Cement clinker", (A, "F102"): "TR", (A, "L102"): "Bought clinker",
        (E, "L17"): 100000, (E, "L28"): 50000, (E, "L49"): 0.8, (E, "M49"): "Measured",
    },
    "18-steel-good-beside-cement": {(S, "D11"): "Cement Bubble", (S, "F11"): "72071919", (S, "H11"): "Billets"},
    "19-unknown-electricity-source": {(D, "L67"): "grid"},
}


def main():
    os.makedirs(BAD, exist_ok=True)
    for f in os.listdir(BAD):
        if f.endswith(".xlsx"):
            os.remove(os.path.join(BAD, f))
    aluminium()
    for name, cells in BAD_EDITS.items():
        zip_edited(EXAMPLE, os.path.join(BAD, f"{name}.xlsx"), cells)
    # A PFC row with its collection efficiency typed as a percentage, in the aluminium file.
    zip_edited(os.path.join(DIR, "aluminium-v2.1.1.xlsx"), os.path.join(BAD, "20-collection-efficiency-98.xlsx"), {(B, "AT98"): 98})
    # Cached results kept, one input changed: the file's SEE no longer follows from its inputs.
    zip_edited(EXAMPLE, os.path.join(BAD, "21-cached-results-disagree.xlsx"), {(D, "L54"): 1037000})
    # Not templates: a workbook of another kind, a truncated file, an encrypted one.
    wb = openpyxl.Workbook()
    wb.active.title = "Data"
    wb.active["A1"] = "not a template"
    wb.save(os.path.join(BAD, "22-not-a-template.xlsx"))
    with open(EXAMPLE, "rb") as f:
        data = f.read()
    with open(os.path.join(BAD, "23-truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 3])
    import msoffcrypto.format.ooxml as ooxml
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    with open(os.path.join(BAD, "24-encrypted.xlsx"), "wb") as f:
        f.write(out.getvalue())
    print(f"wrote {len([f for f in os.listdir(BAD) if f.endswith('.xlsx')])} files to tests/fixtures/template/bad and aluminium-v2.1.1.xlsx")


if __name__ == "__main__":
    for f in (EXAMPLE, BLANK):
        if not os.path.exists(f):
            src = os.path.join(ROOT, "..", "shared", "reference", "ec", os.path.basename(f))
            shutil.copyfile(src, f)
    main()
