"""The edge that accepts studies and answers for them: DICOM SCP handlers, Query/Retrieve."""
