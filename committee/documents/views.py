"""Document pages and downloads."""
