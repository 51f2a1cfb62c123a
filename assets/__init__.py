"""The data: one module per domain, each asset with its checks; DuckDB SQL in `sql/` beside them."""
