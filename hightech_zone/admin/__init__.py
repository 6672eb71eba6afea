"""The staff admin: one module per record family on shared base classes, and its own pages.

Django's autodiscovery imports this package; importing the modules registers their admins.
"""

from . import (  # noqa: F401  (registration)
    disclosure,
    error_reports,
    imports,
    indicators,
    jobs,
    platforms,
    policies,
    projects,
    reports,
    revisions,
    site,
    site_check,
    zone,
)
