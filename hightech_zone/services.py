"""Writes that touch several models at once."""

import io
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Indicator, PublicationStatus, WorkReport, ZoneProfile


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
        # loaddata saves raw, which history skips; give every record its first version.
        call_command("populate_history", auto=True, stdout=io.StringIO(), stderr=io.StringIO())
    return paths


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


# --- Publication workflow: draft -> published -> withdrawn ----------------------------------


def can_publish(user, model):
    return user.has_perm(f"{model._meta.app_label}.publish_{model._meta.model_name}")


def _require_publisher(user, record):
    if not can_publish(user, type(record)):
        raise PermissionDenied(_("只有审核发布人员可以发布或撤回。"))


def set_status(*, record, user, status, reason=""):
    """Move a record to a publication state, recording who did it and when.

    Only publishers may publish, withdraw, or take a published record back to draft; the
    check is here, on the server, whatever the screen offered.
    """
    if status == record.status and status != PublicationStatus.WITHDRAWN:
        return record
    _require_publisher(user, record)
    now = timezone.now()
    if status == PublicationStatus.PUBLISHED:
        record.published_at, record.published_by = now, user
        record.withdrawn_at, record.withdrawn_reason = None, ""
    elif status == PublicationStatus.WITHDRAWN:
        if not reason.strip():
            raise ValidationError({"withdrawn_reason": _("撤回时必须填写撤回理由。")})
        record.withdrawn_at, record.withdrawn_reason = now, reason.strip()
    else:
        record.withdrawn_at, record.withdrawn_reason = None, ""
    record.status = status
    return record


def publish(*, record, user):
    set_status(record=record, user=user, status=PublicationStatus.PUBLISHED)
    record.save()
    return record


def withdraw(*, record, user, reason):
    set_status(record=record, user=user, status=PublicationStatus.WITHDRAWN, reason=reason)
    record.save()
    return record


def return_to_draft(*, record, user):
    set_status(record=record, user=user, status=PublicationStatus.DRAFT)
    record.save()
    return record
