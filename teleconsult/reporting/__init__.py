"""Reporting: reports, drafts, delivery policy, measurements."""
