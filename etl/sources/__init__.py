"""Readers, one module per input kind: I/O only, no validation or normalisation."""
