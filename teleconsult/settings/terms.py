"""The words the configuration is written in: priorities, weekdays, non-image modalities."""

from __future__ import annotations

PRIORITIES = ("stat", "urgent", "routine")


NON_IMAGE_MODALITIES = ("SR", "KO", "PR", "DOC", "SEG", "REG", "RWV", "FID", "PLAN", "RTPLAN",
                        "RTSTRUCT", "RTDOSE", "RTRECORD", "AU", "HD")


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
