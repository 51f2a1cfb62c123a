-- Every re-encode measured so far (the cache a day reads before encoding), and the first day that needed it.
SELECT sha256, kind, target_width, settings, encoded_bytes, measured_on
FROM image_encodings
