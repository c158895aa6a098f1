"""The printable report (PDF) for the patient, drawn with reportlab.

Chinese needs a CJK font with TrueType outlines embedded in the file (reportlab cannot embed
the CFF outlines of Noto CJK): the first of ``TELECONSULT_PDF_FONT`` and the Debian fonts in
``CJK_FONTS`` that exists is used. Pure apart from reading that font file.
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

# (path, subfont index in a .ttc); Debian packages fonts-wqy-zenhei, fonts-droid-fallback
CJK_FONTS = (("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
             ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
             ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
             ("/usr/share/fonts/truetype/arphic/uming.ttc", 0))
FONT_NAME = "TeleconsultCJK"
_SEX = {"M": "男 M", "F": "女 F", "O": "其他 O"}


class NoCJKFont(RuntimeError):
    """No usable CJK font: install fonts-wqy-zenhei or set TELECONSULT_PDF_FONT."""


@lru_cache(maxsize=1)
def cjk_font() -> str:
    """Register the first usable CJK font with reportlab once; its reportlab name."""
    candidates = list(CJK_FONTS)
    configured = os.environ.get("TELECONSULT_PDF_FONT")
    if configured:
        candidates.insert(0, (configured, 0))
    for path, index in candidates:
        if not Path(path).exists():
            continue
        try:
            pdfmetrics.registerFont(TTFont(FONT_NAME, path, subfontIndex=index))
        except TTFError:
            continue  # e.g. PostScript outlines: try the next one
        return FONT_NAME
    raise NoCJKFont("no TrueType CJK font found; apt-get install fonts-wqy-zenhei")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=16, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, alignment=1),
        "heading": ParagraphStyle("heading", parent=base, fontSize=12, leading=20,
                                  spaceBefore=8),
        "body": base,
        "critical": ParagraphStyle("critical", parent=base, textColor=colors.red, fontSize=12),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12,
                                textColor=colors.grey),
    }


def _local(iso: str, tz: ZoneInfo) -> str:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone(tz).strftime(
        "%Y-%m-%d %H:%M")


def _local_ts(at: float, tz: ZoneInfo) -> str:
    return datetime.fromtimestamp(at, tz).strftime("%Y-%m-%d %H:%M")


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>") or "—", style)


def _patient_table(report: dict, case: dict, clinic_name: str,
                   st: dict[str, ParagraphStyle]) -> Table:
    p, study = report.get("patient", {}), case.get("study", {})
    rows = [
        ("姓名 Name", p.get("name", ""), "性别 Sex", _SEX.get(p.get("sex", ""), p.get("sex", ""))),
        ("出生日期 Birth", p.get("birth_date", ""), "患者ID Patient ID", p.get("id", "")),
        ("检查类型 Modality", report.get("modality", ""), "检查日期 Study date",
         study.get("study_date", "")),
        ("申请机构 Clinic", clinic_name, "检查号 Accession", study.get("accession_number", "")),
        # the last two rows span the table: a report number (or a long description) in a
        # quarter of the width broke across lines
        ("检查描述 Study", study.get("study_description", ""), "", ""),
        ("报告编号 Report", f"{report['report_id']}", "", ""),
    ]
    data = [[_para(str(c), st["body"]) for c in row] for row in rows]
    table = Table(data, colWidths=[36 * mm, 49 * mm, 40 * mm, 45 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                               ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                               ("BACKGROUND", (2, 0), (2, 3), colors.whitesmoke),
                               ("SPAN", (1, 4), (3, 4)), ("SPAN", (1, 5), (3, 5)),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _picture(png: bytes, max_w: float, max_h: float) -> Image:
    image = Image(io.BytesIO(png))
    scale = min(max_w / image.imageWidth, max_h / image.imageHeight)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return image


PRELIMINARY_BANNER = "急诊初步报告，以正式报告为准（PRELIMINARY — the final report follows）"


def _signatures(report: dict, st: dict, tz: ZoneInfo) -> list:
    """书写 (written by) and, for a reviewed final, 审核 (reviewed by) with their times."""
    writer = report.get("written_by_name") or report.get("written_by") \
        or report.get("signed_by_name") or report["signed_by"]
    if not report.get("reviewed_by"):
        return [_para(f"报告医师 Reporting doctor: {writer}"
                      f"　　签发时间 Signed: {_local(report['signed_at'], tz)}", st["body"])]
    reviewer = report.get("reviewed_by_name") or report["reviewed_by"]
    return [_para(f"书写医师 Written by: {writer}", st["body"]),
            _para(f"审核医师 Reviewed by: {reviewer}"
                  f"　　审核时间 Reviewed: {_local(report['reviewed_at'], tz)}", st["body"])]


def build_pdf(report: dict, case: dict, *, clinic_name: str, hospital: str, community: str,
              tz: ZoneInfo, picture: bytes | None = None, picture_caption: str = "",
              key_pictures: list[tuple[bytes, str]] | None = None,
              opinions: list[dict] | None = None) -> bytes:
    """The report version as an A4 PDF: header, patient, findings, impression,
    measurements, pictures, signature line. ``picture`` is PNG bytes (a representative image
    or the ECG sheet), used when the doctor marked no key images (``key_pictures``)."""
    st = _styles(cjk_font())
    story: list = [_para(hospital or community, st["title"]),
                   _para("远程诊断报告 Teleconsultation Report", st["subtitle"]),
                   Spacer(1, 6 * mm), _patient_table(report, case, clinic_name, st)]
    if report.get("stage") == "preliminary":
        story += [Spacer(1, 3 * mm), _para(PRELIMINARY_BANNER, st["critical"])]
    if report.get("critical"):
        story += [Spacer(1, 3 * mm), _para("危急值 CRITICAL RESULT — 请立即处理并确认 / "
                                           "act on and acknowledge at once", st["critical"])]
    story += [_para("检查所见 Findings", st["heading"]), _para(report.get("findings", ""),
                                                          st["body"]),
              _para("诊断意见 Impression", st["heading"]), _para(report.get("impression", ""),
                                                            st["body"])]
    if report.get("measurements"):
        story += [_para("测量 Measurements", st["heading"]),
                  *(_para(f"{i}. {m.get('text', '')}", st["body"])
                    for i, m in enumerate(report["measurements"], 1))]
    for c in opinions or []:  # 上级会诊意见: the experts' answers, as an addendum
        story += [_para(f"上级会诊意见 Expert opinion — {c.get('pool_name') or c['pool']}"
                        f"（{c.get('organisation') or ''}）", st["heading"]),
                  _para(f"会诊问题 Question: {c['question']}", st["small"]),
                  _para(c["opinion"], st["body"])]
        if c.get("recommendation"):
            story.append(_para(f"建议 Recommendation: {c['recommendation']}", st["body"]))
        story.append(_para(f"会诊专家 Expert: {c.get('answered_by_name') or c['answered_by']}"
                           f"　{_local_ts(c['answered_at'], tz)}", st["small"]))
    pictures = key_pictures or ([(picture, picture_caption)] if picture else [])
    for png, caption in pictures:
        story += [Spacer(1, 4 * mm), _picture(png, 170 * mm, 95 * mm)]
        if caption:
            story.append(_para(caption, st["small"]))
    if report.get("amends") and report.get("stage", "final") == "final" \
            and not report.get("reviewed_by"):
        story.append(_para(f"本报告为修订版 (version {report['version']})，取代 "
                           f"{report['amends']}。This amended report replaces the earlier "
                           "version.", st["small"]))
    story += [Spacer(1, 10 * mm), *_signatures(report, st, tz),
        Spacer(1, 6 * mm), _para("签名 Signature: ______________________", st["body"]),
        Spacer(1, 4 * mm), _para(f"{community} · {hospital} · 本报告仅供临床参考 "
                                 "(for clinical reference)", st["small"])]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=18 * mm, bottomMargin=18 * mm,
                            title=f"Report {report['report_id']}", author=hospital)
    doc.build(story)
    return buffer.getvalue()
