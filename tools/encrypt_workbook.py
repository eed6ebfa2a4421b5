"""Encrypts a workbook with a password, as a spreadsheet program does (Office agile encryption: the
xlsx inside an OLE compound file), to make the encrypted bad-input fixture:

    pip install msoffcrypto-tool
    python3 tools/encrypt_workbook.py samples/cement-integrated-cn.xlsx tests/fixtures/bad/56-encrypted.xlsx

The password is `secret` unless a third argument gives another. Encryption is salted, so every run
writes different bytes; the fixture is committed as made once.
"""

import io
import sys

import msoffcrypto.format.ooxml as ooxml


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    src, dst = sys.argv[1], sys.argv[2]
    password = sys.argv[3] if len(sys.argv) == 4 else "secret"
    with open(src, "rb") as f:
        data = f.read()
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    with open(dst, "wb") as f:
        f.write(out.getvalue())
    print(f"wrote {dst} ({len(out.getvalue())} bytes)")


if __name__ == "__main__":
    main()
