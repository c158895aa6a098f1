"""Report delivery policy: which channels a clinic gets, the retry schedule and report
templates. Pure: no I/O; the ``[reports]`` table itself is ``teleconsult.settings.reports``."""

from __future__ import annotations

from teleconsult.settings.model import Clinic
from teleconsult.settings.reports import ReportsConfig, Template

FEED, EVENTS, ARCHIVE, DICOM, WEBHOOK = "feed", "events", "archive", "dicom", "webhook"
IMMEDIATE = (FEED, EVENTS)  # done by signing itself: recorded, never retried


def channels(clinic: Clinic | None, cfg: ReportsConfig) -> tuple[str, ...]:
    """The channels a signed report goes out on for ``clinic`` (immediate ones first)."""
    out = [*IMMEDIATE, ARCHIVE]
    if clinic is not None and clinic.return_ae and clinic.return_host and clinic.return_port:
        out.append(DICOM)
    if clinic is not None and cfg.clinic(clinic.id).webhook_url:
        out.append(WEBHOOK)
    return tuple(out)


def backoff(attempt: int, cfg: ReportsConfig) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1-based): doubling, capped."""
    return min(cfg.backoff_max_seconds, cfg.backoff_seconds * 2 ** max(0, attempt - 1))


def after_failure(attempt: int, cfg: ReportsConfig) -> float | None:
    """The delay before the next try, or None when the job goes to the dead letters."""
    return None if attempt >= cfg.max_attempts else backoff(attempt, cfg)


def find_template(cfg: ReportsConfig, modality: str, body_part: str) -> Template | None:
    """The most specific template: same modality and body part, else modality only."""
    modality, body_part = modality.upper(), body_part.upper()
    best = None
    for t in cfg.templates:
        if t.modality != modality:
            continue
        if t.body_part == body_part:
            return t
        if not t.body_part and best is None:
            best = t
    return best




