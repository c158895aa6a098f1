"""The edge that accepts studies: SCP (and Q/R), push SCU, ingest."""
