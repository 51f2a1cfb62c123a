"""The data: one package per domain (assets.py with its tables and checks, helpers, and its DuckDB SQL in sql/), and shared/ for what every domain uses."""
