"""The DICOM edge: ingress SCP, SCU for pushing, and the codecs the other parts need."""
