"""Issue 25 item 12: an account import is bounded before and while it is parsed — rows,
columns, a spreadsheet's unpacked size (shared strings included) and a deadline — so a huge
file or a shared-string bomb is refused quickly and holds little memory."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import Workbook

from teleconsult.admin import accounts
from teleconsult.settings import accounts_log
from teleconsult.web.app import create_app
from tests.conftest import ROOT
from tests.test_pipeline import auth

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOMB_MIB = 300


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shared_string_bomb(mib: int = BOMB_MIB) -> bytes:
    """A valid little workbook whose sharedStrings.xml unpacks to ``mib`` MiB (one string
    repeated: deflate squeezes it ~1000:1)."""
    base = io.BytesIO(_xlsx([["id", "name", "specialties", "shifts"],
                             ["rad-z", "x", "radiology", "daily 08:00-20:00"]]))
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":  # openpyxl writes inline strings
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                    b'ContentType="application/vnd.openxmlformats-officedocument'
                                    b'.spreadsheetml.sharedStrings+xml"/></Types>')
            if item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSST" Type="'
                                    b"http://schemas.openxmlformats.org/officeDocument/2006/"
                                    b'relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                    b"</Relationships>")
            dst.writestr(item, data)
        one = "<si><t>" + "A" * 1000 + "</t></si>"
        count = mib * 2**20 // len(one)
        with dst.open("xl/sharedStrings.xml", "w") as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                    f'openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
                    f'uniqueCount="{count}">'.encode())
            chunk = (one * 1024).encode()
            for _ in range(count // 1024):
                f.write(chunk)
            f.write(b"</sst>")
    return out.getvalue()


def test_a_shared_string_bomb_is_refused_before_parsing_with_little_memory(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(shared_string_bomb())
    assert bomb.stat().st_size < 2 * 2**20  # small on the wire
    # in a fresh process, so its peak memory is the import's own
    code = ("import resource, sys, time\n"
            "from teleconsult.admin import accounts\n"
            "body = open(sys.argv[1], 'rb').read()\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "t = time.monotonic()\n"
            "try:\n"
            "    accounts.read_rows('doctors.xlsx', body)\n"
            "    print('accepted')\n"
            "except accounts.AccountError as exc:\n"
            "    print('refused', exc)\n"
            "grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
            "print(f'grew_kib {grew} seconds {time.monotonic() - t:.1f}')\n")
    out = subprocess.run([sys.executable, "-c", code, str(bomb)], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("refused") and "MiB" in lines[0], out.stdout
    grew_kib = int(lines[1].split()[1])
    assert grew_kib < 32 * 1024, out.stdout  # was +300 MiB and more


async def test_import_bounds_answer_400(settings, aiohttp_client):
    client = await aiohttp_client(create_app(settings))
    too_many = "id,name,specialties,shifts\n" + "".join(
        f"rad-{i},x,radiology,daily 08:00-20:00\n" for i in range(accounts.MAX_IMPORT_ROWS + 1))
    too_wide = "id,name,specialties,shifts" + ",x" * 40 + "\n" + \
        "rad-w,x,radiology,daily 08:00-20:00" + ",1" * 40 + "\n"
    for body, ctype, words in [
            (too_many.encode(), "text/csv", "more than 500 doctors"),
            (too_wide.encode(), "text/csv", "more than 32 columns"),
            (shared_string_bomb(64), XLSX, "unpacks to 64 MiB"),
            (b"PK\x03\x04 not really", XLSX, "not a zip")]:
        t = time.monotonic()
        r = await client.post("/api/v1/admin/accounts/import", data=body,
                              headers={**auth("admin"), "Content-Type": ctype})
        assert r.status == 400, await r.text()
        error = (await r.json())["error"]
        assert error["code"] == "invalid_import" and words in error["message"], error
        assert time.monotonic() - t < 30  # refused, not worked through
    assert accounts_log.read_log(settings.data_dir) == []


def test_an_import_past_its_deadline_changes_nothing(settings):
    rows = "id,name,specialties,shifts\n" + "".join(
        f"rad-{i},x,radiology,daily 08:00-20:00\n" for i in range(40))
    with pytest.raises(accounts.AccountError, match="longer than"):
        # each new doctor's password hash takes a while: 40 of them never fit in 0.3 s
        accounts.import_doctors(settings, "d.csv", rows.encode(), "admin",
                                deadline=time.monotonic() + 0.3)
    assert accounts_log.read_log(settings.data_dir) == []
