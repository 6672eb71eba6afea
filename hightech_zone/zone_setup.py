"""Starting a new zone from nothing: its profile, checked like the admin form, and the catalogue."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from . import catalogue
from .models import ZoneLevel, ZoneProfile

# What start_zone asks for, in the order it asks; the first is required.
PROFILE_FIELDS = (
    "name",
    "short_name",
    "level",
    "founded_year",
    "founded_month",
    "area_km2",
    "population_wan",
    "management_body",
    "site_sponsor",
    "site_code",
    "icp_number",
    "police_record_number",
    "contact_email",
    "conac_url",
)
REQUIRED_FIELDS = ("name",)
CHANGE_REASON = "设置园区概况"


class ZoneSetupError(Exception):
    """Why the zone cannot be started, in Chinese."""


def field_label(name):
    return str(ZoneProfile._meta.get_field(name).verbose_name)


def level_value(text):
    """A zone level as typed: its code (national) or its label (国家级高新区, 国家级, 省级)."""
    text = str(text).strip()
    for value, label in ZoneLevel.choices:
        if text in (value, str(label), str(label).removesuffix("高新区")):
            return value
    choices = "、".join(str(label) for _v, label in ZoneLevel.choices)
    raise ValidationError({"level": f"“{text}”不是可选的园区级别;可选:{choices}"})


def describe(error):
    """A ValidationError as Chinese lines: 园区全称:该字段不能为空。"""
    lines = []
    for name, messages in error.message_dict.items():
        where = f"{field_label(name)}:" if name in PROFILE_FIELDS else ""
        lines += [f"{where}{message}" for message in messages]
    return lines


def existing_profile():
    return ZoneProfile.objects.first()


@transaction.atomic
def start_zone(*, profile, update=False):
    """Create the zone's profile from ``profile`` (field -> value, as typed) and load the
    standard indicator catalogue; return the profile and what loading did.

    Refuses when a profile exists, unless ``update``: then only the fields given change. The
    values are checked by the model (full_clean); on any error nothing is written.
    """
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise ZoneSetupError(f"不认识的园区概况字段:{'、'.join(sorted(unknown))}")
    record = existing_profile()
    if record is not None and not update:
        raise ZoneSetupError(
            f"已有园区概况“{record.name}”,一个系统只设一个园区。"
            "如需修改,请加 --update,或在管理后台的“园区概况”中修改。"
        )
    if record is None and update:
        raise ZoneSetupError("还没有园区概况,无法修改;请去掉 --update 先创建。")
    record = record or ZoneProfile()
    given = {k: v for k, v in profile.items() if v is not None}
    # PostgreSQL cannot store NUL, and full_clean() does not look for it (only form fields do).
    nul = {k: _("不能包含空字符(NUL)。") for k, v in given.items() if "\x00" in str(v)}
    if nul:
        raise ValidationError(nul)
    if "level" in given:
        given["level"] = level_value(given["level"])
    for name, value in given.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)
    for name in ("founded_year", "founded_month", "area_km2", "population_wan"):
        if getattr(record, name) == "":
            setattr(record, name, None)
    record.full_clean()
    record._change_reason = CHANGE_REASON
    record.save()
    try:
        loaded = catalogue.load_catalogue()
    except catalogue.CatalogueError as error:
        raise ZoneSetupError(str(error)) from None
    return record, loaded
