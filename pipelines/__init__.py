"""Dagster wiring: when things run and with which resources. The data itself lives in `assets/`."""
