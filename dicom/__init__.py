"""DICOM codecs and knowledge the service needs: identity, fields, charsets, ECG waveforms,
SR/KOS building, rendering, PDU checks, status tables and the push SCU. Imports nothing of
``teleconsult`` or ``workers``."""
