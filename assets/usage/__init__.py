"""Usage per media item and usage kind per day (daily_media_usage)."""
