"""What every domain uses: SQL loading and day replacement, the resource classes, metadata and check builders, the partitions, the settings, the client-id salt and the user-agent table."""
