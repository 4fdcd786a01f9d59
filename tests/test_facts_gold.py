"""The fact layer on real news: ``newsprism analyze`` over the development gold of ../shared
(ecbplus-facts-dev: 10 real events, 109 articles read fact by fact), scored by ../shared/tools/check_facts.py.
The floors are what the layer reaches; they only go up."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsprism import api

FLOORS = {"--min-precision": 0.8, "--min-recall": 0.5, "--min-agree": 0.6, "--min-update": 0.33}


def test_dev_gold_floors(shared, tmp_path):
    dev = shared / "eval" / "ecbplus-facts-dev"
    api.analyze([str(dev / "texts")], out=str(tmp_path / "out"), db=str(tmp_path / "facts.db"))
    args = [a for k, v in FLOORS.items() for a in (k, str(v))]
    run = subprocess.run([sys.executable, str(shared / "tools" / "check_facts.py"), str(tmp_path / "out" / "report.json"),
                          str(dev / "gold"), *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    import json

    import jsonschema

    schema = json.loads((Path(api.__file__).parent / "schema" / "report.schema.json").read_text())
    jsonschema.validate(json.loads((tmp_path / "out" / "report.json").read_text()), schema)  # every attribute too
