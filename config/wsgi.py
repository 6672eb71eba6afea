"""The WSGI entry point gunicorn serves (make serve)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# jieba's dictionary, loaded as each worker boots rather than by its first search (seconds on
# this machine, while that search's reader and those queued behind it wait).
from hightech_zone.segment import words  # noqa: E402

words("高新区")
