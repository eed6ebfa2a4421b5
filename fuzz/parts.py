#!/usr/bin/env python3
"""Seeds of the `workbook` fuzz target and the way back from a crashing input (standard library only).

    python3 fuzz/parts.py seed OUT_DIR FILE...   each FILE as it is (NAME.raw) and, for a zip-based
                                                 workbook, as a parts input (NAME.parts)
    python3 fuzz/parts.py xlsx INPUT OUT.xlsx    the workbook a fuzz input stands for, as the target
                                                 zips it, to reproduce a crash with `cbam compute`

A parts input is `CBAM-PARTS\\n` followed by each file of the workbook after a header line
`\\n%%PART <name>\\n` (see src/lib.rs).
"""
import os
import sys
import zipfile

MAGIC = b"CBAM-PARTS\n"
HEADER = b"\n%%PART "


def split_parts(data):
    parts = []
    i = data.find(HEADER)
    while i >= 0:
        body_start = data.find(b"\n", i + len(HEADER))
        name_end = body_start if body_start >= 0 else len(data)
        name = data[i + len(HEADER):name_end].decode("utf-8", "replace")
        start = min(name_end + 1, len(data))
        nxt = data.find(HEADER, start)
        end = nxt if nxt >= 0 else len(data)
        parts.append((name, data[start:end]))
        i = nxt
    return parts


def main(argv):
    if len(argv) >= 3 and argv[0] == "seed":
        out = argv[1]
        os.makedirs(out, exist_ok=True)
        for f in argv[2:]:
            data = open(f, "rb").read()
            stem = os.path.splitext(os.path.basename(f))[0]
            open(os.path.join(out, stem + ".raw"), "wb").write(data)
            try:
                z = zipfile.ZipFile(f)
                parts = bytearray(MAGIC)
                for info in z.infolist():
                    parts += HEADER + info.filename.encode() + b"\n" + z.read(info)
                open(os.path.join(out, stem + ".parts"), "wb").write(parts)
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
                pass
        return 0
    if len(argv) == 3 and argv[0] == "xlsx":
        data = open(argv[1], "rb").read()
        if data.startswith(MAGIC):
            with zipfile.ZipFile(argv[2], "w", zipfile.ZIP_STORED) as z:
                for name, body in split_parts(data[len(MAGIC):]):
                    z.writestr(name, body)
        else:
            open(argv[2], "wb").write(data)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
