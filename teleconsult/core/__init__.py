"""Tiny helpers shared by every layer, importing nothing else of the service: strict
number parsing, time formatting, the log file, TLS contexts, webhook signatures."""
