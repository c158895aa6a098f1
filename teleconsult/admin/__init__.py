"""Operator actions, called by the CLI and the admin API: accounts (people without
hand-hashing), the county CA, backup and restore, and the rebuild of Redis from the files
(``reindex``)."""
