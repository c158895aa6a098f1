"""The monthly 绩效 workbook (质控与绩效): one sheet per doctor, clinic and modality with the
same numbers the API gives (``queries.month_by``), written by openpyxl; and each sheet as CSV.
The workload column weighs each signed report by its modality (``[stats.weights]``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from openpyxl import Workbook
from openpyxl.styles import Font

SHEETS = ("doctor", "clinic", "modality")
TITLES = {"doctor": "医生绩效", "clinic": "卫生院", "modality": "检查类型"}
# column key → header (Chinese first: the quality office reads it)
COLUMNS = (("cases", "病例数"), ("reports", "报告数"), ("workload", "加权工作量"),
           ("stat", "急诊(STAT)"), ("critical", "危急值"), ("positive_pct", "阳性率%"),
           ("report_p50_min", "报告时间P50(分钟)"), ("report_p90_min", "报告时间P90(分钟)"),
           ("on_time_pct", "时限内%"))
KEY_TITLES = {"doctor": "医生", "clinic": "卫生院", "modality": "检查类型"}


def _cell(value: object) -> object:
    return round(value, 2) if isinstance(value, float) else value


def rows_for(sheet: str, rows: list[dict], names: Mapping[str, str]) -> list[list[object]]:
    """A sheet's header and rows: the key's id, its name, then the figures."""
    out: list[list[object]] = [[sheet, KEY_TITLES[sheet], *(title for _, title in COLUMNS)]]
    for r in rows:
        key = r[sheet]
        out.append([key, names.get(key, key), *(_cell(r[k]) for k, _ in COLUMNS)])
    return out


def workbook(month: str, community: str, sheets: Mapping[str, list[list[object]]],
             weights: Mapping[str, float]) -> bytes:
    """The .xlsx bytes: a sheet per ``SHEETS`` and one listing the weights used."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in SHEETS:
        ws = wb.create_sheet(TITLES[sheet])
        for row in sheets[sheet]:
            ws.append(row)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    info = wb.create_sheet("说明")
    info.append(["医共体", community])
    info.append(["月份", month])
    info.append(["工作量权重（每份报告，按检查类型）", ""])
    for modality, weight in sorted(weights.items()):
        info.append([modality, weight])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_text(rows: list[list[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()
