-- The report's duplicate totals for $day: groups of identical originals and the bytes freed by
-- keeping one copy of each.
SELECT count(DISTINCT sha256) AS duplicate_groups,
       coalesce(sum(reclaimable_bytes), 0) AS duplicate_reclaimable_bytes
FROM media_duplicates
WHERE day = $day
