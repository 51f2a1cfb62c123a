"""Housekeeping of the lakehouse (warehouse_maintenance): small files merged, old snapshots expired,
files no snapshot needs deleted."""
