"""Storage per media type per day and the evidence of unused media."""
