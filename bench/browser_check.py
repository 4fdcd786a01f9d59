"""Browser check of report.html: headless Chromium renders the report of the bundled corpus, the plots are
visible with real size, and a screenshot is saved for a person to look at.

usage: .venv/bin/python bench/browser_check.py [--report out/report.html] [--shot bench/out/report.png]
Needs Debian's chromium (`apt-get install -y chromium`) and `pip install playwright` (no browser download:
it drives /usr/bin/chromium). Prints one line per plot and the page's render time beside a blank page's.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
PLOTS = {"copy graph": "#relations ~ .plot svg", "timeline": "#timeline ~ .plot svg",
         "coverage heatmap": "#coverage ~ .plot svg"}  # the first plot after each section's heading


def ensure_report(path: Path) -> Path:
    if not path.exists():
        out = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "newsprism.cli", "analyze", str(REPO / "examples/blinken-2023"),
                        "--out", str(out), "--db", str(out / "n.db"), "-q"], check=True)
        path = out / "report.html"
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", type=Path, default=REPO / "out/report.html")
    ap.add_argument("--shot", type=Path, default=REPO / "bench/out/report.png")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    report = ensure_report(args.report)
    args.shot.parent.mkdir(parents=True, exist_ok=True)
    failures = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        t0 = time.perf_counter()
        page.goto("about:blank")
        blank = time.perf_counter() - t0
        t0 = time.perf_counter()
        page.goto(report.resolve().as_uri())
        page.wait_for_load_state("load")
        took = time.perf_counter() - t0
        for name, selector in PLOTS.items():
            box = page.locator(selector).first.bounding_box() if page.locator(selector).count() else None
            shapes = page.locator(selector).first.locator("circle, rect, line").count() if box else 0
            ok = bool(box and box["width"] > 100 and box["height"] > 50 and shapes > 0)
            failures += not ok
            size = f"{box['width']:.0f}x{box['height']:.0f}px" if box else "missing"
            print(f"{name}: {'rendered' if ok else 'NOT RENDERED'} {size}, {shapes} shapes")
        page.screenshot(path=str(args.shot), full_page=True)
        browser.close()
    print(f"report.html load {took * 1000:.0f} ms vs blank page {blank * 1000:.0f} ms; screenshot {args.shot}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
