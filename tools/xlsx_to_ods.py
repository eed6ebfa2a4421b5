#!/usr/bin/env python3
"""Converts an installation workbook from xlsx to OpenDocument (ods), cell values only.

Used to make tests/fixtures/ods/*.ods, which check that the reader handles ods as it handles xlsx.
Numbers are written as ODF floats (the same binary value), dates as ODF dates, text as text.

    pip install openpyxl odfpy
    python3 tools/xlsx_to_ods.py samples/ec-example-1-cement.xlsx tests/fixtures/ods/ec-example-1-cement.ods
"""
import datetime
import sys

import openpyxl
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P


def convert(src: str, dst: str) -> None:
    wb = openpyxl.load_workbook(src, data_only=True)
    doc = OpenDocumentSpreadsheet()
    for ws in wb.worksheets:
        table = Table(name=ws.title)
        for row in ws.iter_rows(values_only=True):
            tr = TableRow()
            for v in row:
                if v is None:
                    tc = TableCell()
                elif isinstance(v, bool):
                    tc = TableCell(valuetype="boolean", booleanvalue="true" if v else "false")
                    tc.addElement(P(text=str(v).upper()))
                elif isinstance(v, (int, float)):
                    tc = TableCell(valuetype="float", value=repr(float(v)))
                    tc.addElement(P(text=repr(v)))
                elif isinstance(v, (datetime.date, datetime.datetime)):
                    d = v.date() if isinstance(v, datetime.datetime) else v
                    tc = TableCell(valuetype="date", datevalue=d.isoformat())
                    tc.addElement(P(text=d.isoformat()))
                else:
                    tc = TableCell(valuetype="string")
                    tc.addElement(P(text=str(v)))
                tr.addElement(tc)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(dst)


if __name__ == "__main__":
    convert(sys.argv[1], sys.argv[2])
