"""The read API: the report's figures over HTTP, as JSON named after the seed's interfaces."""
