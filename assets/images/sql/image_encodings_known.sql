-- Every re-encode measured so far (the cache a day reads before encoding).
SELECT sha256, kind, target_width, settings, encoded_bytes
FROM image_encodings
