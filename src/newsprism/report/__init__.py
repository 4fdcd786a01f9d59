"""Report writers: ``report.json`` (the contract, see schema/report.schema.json), ``report.html``, ``report.md``."""
from __future__ import annotations

import os
from typing import Iterable

from ..model import Report
from .html import html_chunks, render_html
from .markdown import render_markdown
from .stream import Rows, encode

__all__ = ["write_report", "write_data", "render_html", "render_markdown", "report_json", "Rows"]


def report_json(report: Report) -> dict:
    return report.to_json()


def write_report(report: Report, out_dir: str) -> dict[str, str]:
    """Write report.json, report.html and report.md into ``out_dir``; returns {kind: path}."""
    return write_data(report_json(report), out_dir)


def write_data(data: dict, out_dir: str) -> dict[str, str]:
    """``write_report`` for report.json's data, whose finding sections may be ``Rows`` read as they are written."""
    paths = {kind: os.path.join(out_dir, f"report.{kind}") for kind in ("json", "html", "md")}
    # JSON and HTML are written as they are encoded, never held whole: a 7,325-article thread's report is
    # 208 MB of JSON and 137 MB of HTML, and the two strings were most of that run's 2.99 GB peak.
    _write_atomic(paths["json"], encode(data, indent=1))
    _write_atomic(paths["html"], html_chunks(data))
    _write_atomic(paths["md"], [render_markdown(data)])
    return paths


def _write_atomic(path: str, chunks: Iterable[str]) -> None:
    """Write via a temp file and rename, so a crash never leaves half a report."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for chunk in chunks:
            f.write(chunk)
    os.replace(tmp, path)
