"""Plumbing shared by every part: supervision, health, limits."""
