"""Benchmark results: each bench prints a JSON line and keeps it in bench/results/latest.json."""

import json
import platform
from pathlib import Path

LATEST = Path(__file__).parent / "results" / "latest.json"


def record(line: dict) -> None:
    """Prints the line and keeps it, replacing an earlier line of the same bench and page."""
    print(json.dumps(line), flush=True)
    lines = json.loads(LATEST.read_text()) if LATEST.exists() else []
    key = (line["bench"], line.get("page"))
    lines = [old for old in lines if (old["bench"], old.get("page")) != key]
    lines.append({**line, "machine": f"{platform.machine()}, {platform.python_version()}"})
    LATEST.parent.mkdir(exist_ok=True)
    LATEST.write_text(json.dumps(lines, indent=2) + "\n")
