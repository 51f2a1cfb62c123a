"""Web-server/CDN access logs: raw_access_log and delivery performance per item and per type."""
