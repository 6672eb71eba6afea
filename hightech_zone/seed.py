"""Bootstrap: a zone into an empty database (the shipped 锦州 fixtures, an empty zone with the
indicator catalogue, or made-up demo data), and the first superuser.

Re-running it is harmless: a database that holds zone data is left alone."""

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from . import catalogue, demo, rules, search_index
from .models import Indicator, PublicationStatus, WorkReport, ZoneProfile, zone_data_models


def seed_fixture_paths(*, fixture_dirs=None):
    """Every fixture file shipped in the fixture folders, in name order."""
    dirs = fixture_dirs if fixture_dirs is not None else settings.FIXTURE_DIRS
    return sorted(path for d in dirs for path in Path(d).glob("*.json"))


def has_zone_data():
    return ZoneProfile.objects.exists() or Indicator.objects.exists() or WorkReport.objects.exists()


@transaction.atomic
@search_index.deferred()
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


# What `bootstrap --zone` (make run ZONE=…) may start with.
ZONES = {
    "jinzhou": "随系统提供的锦州高新区2017年数据",
    "empty": "空白园区(只载入标准指标目录)",
    "demo": "演示数据(标准指标目录加多年虚构数据)",
}
DEMO_SCALE = 0.02  # 6 indicators over 20 years, 400 projects, 100 policies, 40 platforms


@transaction.atomic
def load_zone(*, zone, fixture_dirs=None):
    """Start an empty database as ``zone``; return what was loaded, or None when the database
    already holds zone data (which is then left alone, whatever ``zone`` says).

    jinzhou: the shipped fixtures (a list of paths); empty: the indicator catalogue only (its
    LoadResult); demo: the catalogue and demo.generate's counts (a tuple of both).
    """
    if zone not in ZONES:
        raise ValueError(zone)
    if has_zone_data():
        return None
    if zone == "jinzhou":
        return load_seed_data(fixture_dirs=fixture_dirs)
    loaded = catalogue.load_catalogue()
    if zone == "empty":
        return loaded
    counts = demo.generate(scale=DEMO_SCALE)
    demo.refresh_planner_statistics()
    return loaded, counts


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
