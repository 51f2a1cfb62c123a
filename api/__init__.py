"""The HTTP service: the seed's tracking endpoints and tracker.js (`media-analytics serve`)."""
