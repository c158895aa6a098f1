"""The HTTP edge: JSON API, DICOMweb and pages, served by one aiohttp app."""
