"""The edge that accepts studies and answers for them: DICOM listeners (plain and TLS),
Query/Retrieve, ingest helpers."""
