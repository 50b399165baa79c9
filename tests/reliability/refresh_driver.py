"""Run one real refresh and print each step as it starts, so a test can SIGKILL it at a chosen moment.

Usage: python refresh_driver.py SOURCE DB TODAY PAUSE_SECONDS [GATE_FILE]

The refresh is `etl.pipeline.refresh`, the function `dexstat refresh` calls. Events, one per line:
`scanning`, `reading <file>`, `reading <name>`, `read <name>`, `normalising <file>`, `loading <file>`,
`checking`, `publishing` (from the pipeline's progress callback and around the reader), then
`renaming`, `publish-call`, `renamed` around the atomic publish.
PAUSE_SECONDS of sleep after `renaming` and after `renamed` let a test kill the
process just before or just after the rename; timing alone rarely lands in a window of microseconds.
With GATE_FILE, the refresh instead waits before the rename until that file exists: it holds the
refresh lock, its new warehouse complete, for as long as a test needs.
"""

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import etl.load.exports
import etl.warehouse
from etl.pipeline import refresh


def emit(event: str) -> None:
    print(event, flush=True)


def wrap(module: Any, name: str, before: Callable[..., None], after: Callable[..., None]) -> None:
    """Replace module.name by a function that emits around the original; fails loudly if it is gone."""
    original = getattr(module, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        before(*args)
        result = original(*args, **kwargs)
        after(*args)
        return result

    setattr(module, name, wrapped)


def main(source: str, db: str, today: str, pause: str, gate: str | None = None) -> None:
    seconds = float(pause)

    def before_publish(*_args: object) -> None:
        emit("renaming")
        time.sleep(seconds)
        while gate and not Path(gate).exists():
            time.sleep(0.01)
        emit("publish-call")

    def after_publish(*_args: object) -> None:
        emit("renamed")
        time.sleep(seconds)

    wrap(
        etl.load.exports,
        "read_export",
        lambda _con, path, *_: emit(f"reading {path.name}"),
        lambda _con, path, *_: emit(f"read {path.name}"),
    )
    wrap(etl.warehouse, "_publish", before_publish, after_publish)
    refresh(
        Path(source),
        Path(db),
        today=date.fromisoformat(today),
        progress=lambda message, _done, _total: emit(message),
    )
    emit("done")


if __name__ == "__main__":
    main(*sys.argv[1:])
