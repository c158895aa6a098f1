"""Plumbing shared by every part: limits, supervision, health."""
