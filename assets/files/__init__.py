"""Facts read from the media files themselves (media_file_facts) and duplicates by content."""
