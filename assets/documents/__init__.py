"""Document searchability and access."""
