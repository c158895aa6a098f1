"""A (shortened) day in a county on the real routing parts: nothing orphaned, STAT at once,
every STAT within 30 min and every urgent within its SLA while doctors step away; residents'
reports reviewed and a share of CTs sent up to the experts."""

import sys
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from simday import run_day, table  # noqa: E402


async def test_two_busy_hours_orphan_nothing(tmp_path):
    png = tmp_path / "day.png"
    result = await run_day(seed=3, hours=2, out_png=png, start_hour=8)
    assert result.cases > 50
    assert result.orphaned == 0
    assert result.tta["stat"] and max(result.tta["stat"]) <= 1.0
    assert result.late_stat == 0 and not result.breaches.get("urgent")
    assert result.people.breaks + result.people.called_away > 0
    assert sum(len(v) for v in result.ttr.values()) > 0
    assert "| stat |" in table(result)
    # two-level reporting and consultation (issue 20): residents' CT/DX go through review,
    # nothing is left without an owner, no STAT final misses its review SLA
    review = result.people.review
    assert review.preliminaries > 0 and sum(review.grades.values()) > 0
    assert result.ttp.get("routine") and result.ttf.get("routine")
    assert result.orphaned_reviews == 0 and result.orphaned_consultations == 0
    assert not result.review_late.get("stat")
    assert review.asked == len(result.consult_turnaround) + result.consult_open
    assert "preliminaries" in table(result)
    with Image.open(png) as img:
        assert img.size[0] > 500
