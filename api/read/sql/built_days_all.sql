-- Every built day and when it was built (one row per day: small, read again when the catalog changes).
SELECT day, built_at FROM built_days ORDER BY day
