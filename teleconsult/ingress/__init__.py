"""The edge that accepts studies and answers for them: the DICOM listeners (plain and TLS)
with their door and transport limits, the SCP's handlers and Query/Retrieve, and ingest —
the one path every instance takes to disk and onto the arrivals stream."""
