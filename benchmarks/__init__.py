"""Reproducible speed and memory measurements of the refresh and the dashboard queries (not tests)."""
