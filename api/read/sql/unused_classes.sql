-- Live items as of $as_of per evidence class: files and the bytes removing them would free.
SELECT evidence_class, count(*) AS files, coalesce(sum(potential_savings_bytes), 0) AS bytes
FROM unused_media
WHERE day = $as_of AND ($media_type IS NULL OR media_type = $media_type)
GROUP BY evidence_class
