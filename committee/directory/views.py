"""Directory pages."""
