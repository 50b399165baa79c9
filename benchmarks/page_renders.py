"""Each dashboard page's full render in Streamlit's AppTest against one warehouse: first and warm reruns.

Run as a child process: `python -m benchmarks.page_renders --db FILE --repeat 5`; prints JSON
{page: {"first": seconds, "warm": [seconds, ...], "exceptions": [...]}}. The pages are opened in the
order of the navigation, in one AppTest (one process, so Streamlit's caches are shared as they are in a
server): "first" is the page's first run (its own queries uncached, the connection and the shared
sidebar queries already cached by the pages before it), "warm" a rerun with every query cached, which is
what a reader waits for when moving a filter back or opening the page again.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import plotly_frame

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "dashboard" / "app.py"
# The navigation's order (dashboard/app.py PAGES); overview is the default page.
PAGES = ("overview", "provinces", "categories", "sources", "digital_economy", "exchanges", "quality")
TIMEOUT_SECONDS = 600


def render_pages(db: Path, repeat: int, lang: str = "zh") -> dict[str, dict[str, object]]:
    """Time the first run and `repeat` warm reruns of every page."""
    os.environ["DEXSTAT_DB"] = str(db)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_SECONDS)
    at.query_params["lang"] = lang
    results: dict[str, dict[str, object]] = {}
    for page in PAGES:
        start = time.perf_counter()
        if page == PAGES[0]:
            at.run()
        else:
            at.switch_page(f"app_pages/{page}.py").run()
        first = time.perf_counter() - start
        warm, cpu = [], []
        for _ in range(repeat):
            start, started_cpu = time.perf_counter(), time.process_time()
            at.run()
            warm.append(time.perf_counter() - start)
            cpu.append(time.process_time() - started_cpu)
        results[page] = {
            "first": first,
            "warm": warm,
            "warm_cpu": cpu,
            "exceptions": [str(error.message)[:300] for error in at.exception],
            "charts": sum(c.proto.component_name == plotly_frame.NAME for c in at.get("component_instance")),
        }
    return results


def main() -> None:
    """Print the timings as JSON for the parent process."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lang", default="zh", choices=("zh", "en"))
    args = parser.parse_args()
    json.dump(render_pages(args.db.resolve(), args.repeat, args.lang), sys.stdout)


if __name__ == "__main__":
    main()
