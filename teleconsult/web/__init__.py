"""The web pages: doctor's workstation, clinic desk, supervisor view (``pages.setup``)."""
