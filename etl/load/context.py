"""What every loader needs to know about the refresh it belongs to."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from etl.mapping import SourceMapping
from etl.normalise.categories import category_lookup
from etl.normalise.exchanges import exchange_lookup
from etl.normalise.lookup import Lookup
from etl.normalise.provinces import province_lookup
from etl.normalise.supplier_types import SupplierTypes
from etl.sources.reference import Reference

# A single deal above this many yuan (one trillion, ~2% of the digital economy) is a unit error.
MAX_VALUE_CNY = Decimal(1_000_000_000_000)


@dataclass(frozen=True)
class LoadContext:
    """The refresh's run id, day, mapping file and lookups built from the reference facts."""

    run_id: int
    today: date
    mapping: SourceMapping
    provinces: Lookup
    exchanges: Lookup
    categories: Lookup
    supplier_types: SupplierTypes
    workdir: Path

    @classmethod
    def build(
        cls, run_id: int, today: date, mapping: SourceMapping, reference: Reference, workdir: Path
    ) -> "LoadContext":
        """Build the lookups once per refresh."""
        return cls(
            run_id=run_id,
            today=today,
            mapping=mapping,
            provinces=province_lookup(reference.provinces),
            exchanges=exchange_lookup(reference.exchanges),
            categories=category_lookup(reference.categories),
            supplier_types=SupplierTypes(reference.supplier_types),
            workdir=workdir,
        )
