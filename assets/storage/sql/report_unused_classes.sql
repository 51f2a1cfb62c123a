-- Files and potential savings per evidence class of unused_media on $day.
SELECT evidence_class, count(*) AS files, sum(potential_savings_bytes) AS bytes
FROM unused_media
WHERE day = $day
GROUP BY evidence_class
