"""The web pages and the app that serves them with the API: doctor's workstation, clinic
desk, supervisor view, static files and viewer bundles (``app.create_app``)."""
