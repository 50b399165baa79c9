"""SQL shipped as package data, loaded by name: `sql("marts/monthly_transactions")`."""

from functools import cache
from importlib import resources


@cache
def sql(name: str) -> str:
    """The text of etl/sql/<name>.sql."""
    return resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")


def quote(identifier: str) -> str:
    """Quote an identifier the code generated itself (a table or column name, c0..cN), never data."""
    return '"' + identifier.replace('"', '""') + '"'
