"""Reports and what goes into them: measurements, drafts, key images, reading history."""
