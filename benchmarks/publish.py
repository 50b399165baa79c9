"""Put a results file into BENCHMARKS.md, verbatim, between its results markers.

    python -m benchmarks.publish build/bench/results.md BENCHMARKS.md

Everything outside the markers (how to run, targets, findings, the way past one machine) is written by
hand and kept; everything between them is replaced.
"""

import argparse
from pathlib import Path

START = "<!-- results:start (written by `make bench`: python -m benchmarks.publish) -->"
END = "<!-- results:end -->"


def publish(results: str, document: str) -> str:
    """`document` with the text between the markers replaced by `results`."""
    if START not in document or END not in document:
        raise ValueError(f"the document has no results markers: add\n{START}\n{END}")
    head, rest = document.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{results.strip()}\n\n{END}{tail}"


def main() -> None:
    """Rewrite the document in place."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("results", type=Path)
    parser.add_argument("document", type=Path)
    args = parser.parse_args()
    text = publish(args.results.read_text(encoding="utf-8"), args.document.read_text(encoding="utf-8"))
    args.document.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
