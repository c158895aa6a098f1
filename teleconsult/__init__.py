"""Teleconsult: township imaging, county diagnosis."""

__version__ = "0.1.0"
