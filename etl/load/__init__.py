"""Loading steps: turn a raw file read by etl.sources into warehouse rows and rejects."""
