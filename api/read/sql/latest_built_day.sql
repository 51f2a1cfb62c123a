-- The latest day whose report was built (NULL: none).
SELECT max(day) AS day FROM built_days
