"""The self-contained HTML report. Every piece of scraped text is escaped (Jinja2 autoescape)."""
from __future__ import annotations

import json
from collections import Counter

from jinja2 import Environment, PackageLoader, select_autoescape

_env = Environment(loader=PackageLoader("newsprism.report", "templates"),
                   autoescape=select_autoescape(default=True, default_for_string=True))
_env.filters["tojson_pretty"] = lambda v: json.dumps(v, ensure_ascii=False, indent=1)

# Sections the template renders itself; any other section a stage adds is shown generically.
_KNOWN = {"schema_version", "articles", "skipped"}


def render_html(data: dict) -> str:
    """report.json's data as one HTML page with no external resources."""
    reasons = Counter(b["reason"] for a in data["articles"] for b in a.get("boilerplate", []))
    extra = {k: v for k, v in data.items() if k not in _KNOWN}
    return _env.get_template("report.html").render(data=data, reasons=reasons.most_common(), extra=extra)
