"""Resolve the many spellings of a reference value (names, aliases, codes) to its id."""

from collections.abc import Iterable, Mapping

from etl.normalise.text import lookup_key

ALIAS_SEPARATOR = "|"


class Lookup:
    """Names -> id, insensitive to case, whitespace and full-/half-width forms."""

    def __init__(self, names: Mapping[str, Iterable[str]]) -> None:
        """Index every name of every id; raise ValueError if one name would mean two ids."""
        self._ids = tuple(names)
        self._keys: dict[str, str] = {}
        for id_, spellings in names.items():
            for name in (id_, *spellings):
                key = lookup_key(name)
                if key is None:
                    continue
                known = self._keys.setdefault(key, id_)
                if known != id_:
                    raise ValueError(f"the name '{name}' would mean both '{known}' and '{id_}'")

    @property
    def ids(self) -> tuple[str, ...]:
        """Every id, in the order given."""
        return self._ids

    def resolve(self, value: object) -> str | None:
        """The id a raw value names, or None when it is missing or unknown."""
        key = lookup_key(value)
        return None if key is None else self._keys.get(key)


def reference_names(row: Mapping[str, str], columns: Iterable[str]) -> list[str]:
    """The names in these columns of a reference row, pipe-separated aliases split, blanks dropped."""
    names: list[str] = []
    for column in columns:
        names.extend(part.strip() for part in (row.get(column) or "").split(ALIAS_SEPARATOR))
    return [name for name in names if name]
