"""Video and audio playback: sessions, watched segments, views, engagement, retention, and encoding advice."""
