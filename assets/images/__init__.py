"""Image optimisation opportunities (measured re-encodes) and the Optimise action."""
