"""Landing files into the warehouse: staging once per content, validation in SQL, raw_usage_events and media_inventory."""
