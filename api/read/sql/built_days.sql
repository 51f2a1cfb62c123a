-- The built days of $first..$last and when each was built.
SELECT day, built_at FROM built_days WHERE day BETWEEN $first AND $last ORDER BY day
