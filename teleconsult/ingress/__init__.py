"""The edge that accepts studies: DICOM listeners (plain and TLS), Q/R, ingest helpers."""
