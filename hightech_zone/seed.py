"""Bootstrap: the shipped fixtures into an empty database, and the first superuser.

Re-running it is harmless: a database that holds zone data is left alone."""

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from . import rules
from .models import Indicator, PublicationStatus, WorkReport, ZoneProfile, zone_data_models


def seed_fixture_paths(*, fixture_dirs=None):
    """Every fixture file shipped in the fixture folders, in name order."""
    dirs = fixture_dirs if fixture_dirs is not None else settings.FIXTURE_DIRS
    return sorted(path for d in dirs for path in Path(d).glob("*.json"))


def has_zone_data():
    return ZoneProfile.objects.exists() or Indicator.objects.exists() or WorkReport.objects.exists()


@transaction.atomic
def load_seed_data(*, fixture_dirs=None, force=False, verbosity=0):
    """Load the shipped fixtures into an empty database; return the files loaded.

    A database that already holds zone data is left alone unless ``force`` is set, so that
    re-running the start command never overwrites what staff have edited since.
    """
    if has_zone_data() and not force:
        return []
    paths = seed_fixture_paths(fixture_dirs=fixture_dirs)
    if paths:
        call_command("loaddata", *map(str, paths), verbosity=verbosity)
        stamp_publication(timezone.now())
        # loaddata saves raw, which history skips; give every record its first version.
        call_command("populate_history", auto=True, stdout=io.StringIO(), stderr=io.StringIO())
    return paths


def stamp_publication(when):
    """Published records that came without a publication time (the shipped fixtures carry
    none) were published on this site when they were loaded: their pages say so."""
    for model in zone_data_models():
        if rules.has_state(model):
            model._default_manager.filter(
                status=PublicationStatus.PUBLISHED, published_at__isnull=True
            ).update(published_at=when)


def ensure_admin(*, username="admin"):
    """Create a superuser with a random password if there is none; return the password.

    Returns None when a superuser already exists: the password is shown once, never again.
    """
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    User.objects.create_superuser(username=username, email="", password=password)
    return password
