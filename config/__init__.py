"""The project: settings, URLs, WSGI and ASGI entry points, and the site-wide pages."""
