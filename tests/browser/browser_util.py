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


# What a page holds, after a forced garbage collection, through the DevTools protocol: for
# the leak test of the big screen and scripts/bench/screen. ``cdp`` is a CDP session of the
# page (``context.new_cdp_session(page)``) with ``Performance.enable`` sent.
_ATTACHED = """() => { let n = 1;  // the document itself
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  while (walker.nextNode()) n++;
  return n; }"""
# the prototype of the ECharts instances (the module is the one the page imported: same URL)
_ECHARTS_PROTO = """import("/static/charts/charts.js").then(({ echarts }) => {
  const node = document.querySelector("[_echarts_instance_]");
  return node ? Object.getPrototypeOf(echarts.getInstanceByDom(node)) : null; })"""


async def page_counts(page, cdp) -> dict[str, int]:
    """Live DOM nodes (attached and detached), event listeners and ECharts instances."""
    await cdp.send("HeapProfiler.collectGarbage")
    metrics = {m["name"]: m["value"] for m in
               (await cdp.send("Performance.getMetrics"))["metrics"]}
    attached = await page.evaluate(_ATTACHED)
    counts = {"nodes": int(metrics["Nodes"]), "attached": attached,
              "detached": int(metrics["Nodes"]) - attached,
              "listeners": int(metrics["JSEventListeners"]), "echarts": 0}
    proto = (await cdp.send("Runtime.evaluate", {"expression": _ECHARTS_PROTO,
                                                 "awaitPromise": True}))["result"]
    if proto.get("objectId"):
        found = await cdp.send("Runtime.queryObjects", {"prototypeObjectId": proto["objectId"]})
        size = await cdp.send("Runtime.callFunctionOn", {
            "objectId": found["objects"]["objectId"], "returnByValue": True,
            "functionDeclaration": "function () { return this.length; }"})
        counts["echarts"] = size["result"]["value"]
        await cdp.send("Runtime.releaseObject", {"objectId": found["objects"]["objectId"]})
        await cdp.send("Runtime.releaseObject", {"objectId": proto["objectId"]})
    return counts
