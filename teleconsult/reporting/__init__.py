"""Reports and what belongs to them: drafts, measurements, key images, KOS."""
