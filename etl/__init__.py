"""dexstat ETL: load raw exchange exports, validate, normalise and publish the DuckDB warehouse."""

__version__ = "0.1.0"
