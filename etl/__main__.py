"""`python -m etl` runs the dexstat command."""

from etl.cli import main

main()
