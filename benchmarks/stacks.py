"""py-spy's collapsed stacks (`--format raw`) summarised: where the sampled time went, by function."""

from collections import Counter
from pathlib import Path
from typing import Any

# Frames of the project (and its benchmark harness): the rest is libraries and the interpreter.
PRODUCT = ("etl/", "dashboard/")
OWN = (*PRODUCT, "benchmarks/")


def summarise(path: Path, rate: int, top: int = 25) -> dict[str, Any]:
    """Total samples and seconds; the top project functions (inclusive) and the top lines (self)."""
    inclusive: Counter[str] = Counter()
    own_self: Counter[str] = Counter()
    leaf: Counter[str] = Counter()
    total = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = stack.split(";")
        for function in {_function(frame) for frame in frames}:
            inclusive[function] += samples
        # The harness's own wrappers (benchmarks/) are skipped: the line inside etl is what matters.
        own = [frame for frame in frames if any(part in frame for part in PRODUCT)]
        if own:
            own_self[_line(own[-1])] += samples
        leaf[_line(frames[-1])] += samples
    return {
        "samples": total,
        "seconds": total / rate,
        "inclusive": [(name, n / rate) for name, n in inclusive.most_common() if _is_own(name)][:top],
        "own_self": [(name, n / rate) for name, n in own_self.most_common(top)],
        "leaf": [(name, n / rate) for name, n in leaf.most_common(top)],
    }


def _function(frame: str) -> str:
    """`name (path/to/file.py:12)` -> `name (path/to/file.py)`."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})" if where else name


def _line(frame: str) -> str:
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    for marker in OWN:
        if marker in where:
            where = where[where.index(marker) :]
            break
    else:
        where = where.rsplit("/", 2)[-1] if "/" in where else where
    return f"{name} ({where})" if where else name


def _is_own(function: str) -> bool:
    return any(part in function for part in OWN)
