#!/usr/bin/env python3
"""Seeds of the `workbook` and `compute` fuzz targets and the way back from a crashing input
(standard library only).

    python3 fuzz/parts.py seed OUT_DIR FILE...   each FILE as it is (NAME.raw) and, for a zip-based
                                                 workbook, as a parts input (NAME.parts)
    python3 fuzz/parts.py seed-compute OUT_DIR FILE...
                                                 the same, each after three 8-byte parameter prefixes
                                                 of the `compute` target (NAME.p0.raw, ...)
    python3 fuzz/parts.py xlsx INPUT OUT.xlsx    the workbook a fuzz input stands for, as the target
                                                 zips it, to reproduce a crash with `cbam compute`
    python3 fuzz/parts.py xlsx --compute INPUT OUT.xlsx
                                                 the same for a `compute` input (its first 8 bytes,
                                                 the parameters, dropped)

A parts input is `CBAM-PARTS\\n` followed by each file of the workbook after a header line
`\\n%%PART <name>\\n` (see src/lib.rs).
"""
import os
import sys
import zipfile

MAGIC = b"CBAM-PARTS\n"
HEADER = b"\n%%PART "
# A zip whose files hold more than this (a size-limit fixture) is seeded as it is only.
MAX_PARTS = 16 << 20
# `compute` parameters (fuzz/src/lib.rs, `Params`): year, CBAM price, CSCF, mass, carbon price,
# origin, variant and route, free byte. p0: year from the period, EUR 75.36, CSCF 1, the good's
# own figures; p1: 2030, Decimal::MAX price, tiny CSCF, MAX mass, tiny carbon price, Turkey, grey,
# route (K); p2: 2026, price 10^-28, CSCF Decimal::MIN, tiny mass, MAX carbon price, no variant.
COMPUTE_PARAMS = [
    bytes.fromhex("000200000000fc00"),
    bytes.fromhex("1b034d4b95820a11"),
    bytes.fromhex("2b054c4d9300fdff"),
]


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


def seeds(f):
    """(suffix, bytes) of the seeds of FILE: as it is and, for a zip, as a parts input."""
    data = open(f, "rb").read()
    out = [(".raw", data)]
    try:
        z = zipfile.ZipFile(f)
        if sum(i.file_size for i in z.infolist()) <= MAX_PARTS:
            parts = bytearray(MAGIC)
            for info in z.infolist():
                parts += HEADER + info.filename.encode() + b"\n" + z.read(info)
            out.append((".parts", bytes(parts)))
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError):
        pass
    return out


def main(argv):
    if len(argv) >= 3 and argv[0] in ("seed", "seed-compute"):
        out = argv[1]
        os.makedirs(out, exist_ok=True)
        prefixes = [("", b"")] if argv[0] == "seed" else [(".p%d" % i, p) for i, p in enumerate(COMPUTE_PARAMS)]
        for f in argv[2:]:
            # The whole name: cement-integrated-cn.xlsx and .ods are different seeds.
            stem = os.path.basename(f)
            for suffix, data in seeds(f):
                for tag, prefix in prefixes:
                    open(os.path.join(out, stem + tag + suffix), "wb").write(prefix + data)
        return 0
    if len(argv) == 4 and argv[0] == "xlsx" and argv[1] == "--compute":
        return main(["xlsx-data", argv[2], argv[3]])
    if len(argv) == 3 and argv[0] in ("xlsx", "xlsx-data"):
        data = open(argv[1], "rb").read()
        if argv[0] == "xlsx-data":
            data = data[len(COMPUTE_PARAMS[0]):]
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
