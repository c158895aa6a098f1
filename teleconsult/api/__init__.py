"""The HTTP edge's routes: the JSON API, DICOMweb, health and metrics. Each route module
reads the request, calls the stages below and answers; domain errors become the JSON error
shape once (``errors``); cookie sessions and bearer tokens decide who is calling."""
