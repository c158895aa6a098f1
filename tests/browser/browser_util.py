"""Helpers shared by the browser tests (kept out of conftest.py: tests/ has one too)."""

from __future__ import annotations

import os
from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def shot(page_or_locator, name: str):
    """Save a screenshot; into docs/screenshots/ when TELECONSULT_SCREENSHOTS=1."""
    if os.environ.get("TELECONSULT_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        return page_or_locator.screenshot(path=str(SHOTS / f"{name}.png"))
    return page_or_locator.screenshot()


async def login(page, base: str, user: str, password: str | None = None) -> None:
    await page.goto(f"{base}/login")
    await page.fill("#user", user)
    await page.fill("#password", password or f"demo-{user}")
    await page.click("#login-submit")
