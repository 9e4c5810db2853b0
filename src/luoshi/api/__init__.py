"""The REST API (django-ninja) under /api/, and the personal API tokens that sign its callers in."""
