"""Configuration: the TOML file and the environment read once into frozen dataclasses.
``reader`` walks tables and records every problem, ``model`` holds the community, one module
per section parses its table, ``load`` reads and re-reads it all."""
