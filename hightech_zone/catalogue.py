"""The standard indicator catalogue (国家高新区综合评价指标体系) and loading it into a zone.

The catalogue is a data file of its own, fixtures/catalogue/standard_indicators.json: the
indicators every national high-tech zone reports, with their units, groups and statistical
definitions. Loading it gives a new zone its indicators as drafts and gives an existing zone's
indicators the catalogue's group, other names, definition and English name where those are
blank; it never renames an indicator or changes its unit or values, and loading it again
writes nothing.
"""

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from .indicator_names import by_name, split_aliases
from .models import CatalogueGroup, Indicator, IndicatorCategory, PublicationStatus

CHANGE_REASON = "载入标准指标目录"


class CatalogueError(Exception):
    """The catalogue file cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    name_en: str
    aliases: tuple
    unit: str
    category: str
    catalogue_group: str
    definition: str
    display_order: int
    is_headline: bool

    @property
    def names(self):
        return (self.name, *self.aliases)

    def other_names(self, name):
        """The names an indicator called ``name`` is also known by, as its aliases field."""
        return "、".join(n for n in self.names if n != name)

    def new_indicator(self, *, name=None):
        return Indicator(
            code=self.code,
            name=name or self.name,
            name_en=self.name_en,
            aliases=self.other_names(name or self.name),
            unit=self.unit,
            category=self.category,
            catalogue_group=self.catalogue_group,
            definition=self.definition,
            display_order=self.display_order,
            is_headline=self.is_headline,
            status=PublicationStatus.DRAFT,
        )


@dataclass(frozen=True)
class Catalogue:
    source: str
    version: str
    entries: tuple

    def named(self, label):
        """The entries whose code, name or other name is ``label``."""
        return [e for e in self.entries if label == e.code or label in e.names]


@dataclass
class LoadResult:
    catalogue: Catalogue
    created: list = field(default_factory=list)
    completed: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (entry, reason in Chinese)

    def lines(self):
        """What loading did, in Chinese, as the commands print it."""
        lines = [
            f"标准指标目录:{self.catalogue.source},版本 {self.catalogue.version},"
            f"共 {len(self.catalogue.entries)} 个指标。",
            f"新建草稿指标 {len(self.created)} 个,补充已有指标 {len(self.completed)} 个,"
            f"无需修改 {len(self.unchanged)} 个。",
        ]
        lines += [f"  未载入“{e.name}”({e.code}):{reason}" for e, reason in self.skipped]
        return lines


def default_path():
    return Path(settings.BASE_DIR) / "fixtures" / "catalogue" / "standard_indicators.json"


def read_catalogue(*, path=None):
    """The catalogue file, checked: known categories and groups, codes and names used once."""
    return _read(str(path or default_path()))


@lru_cache(maxsize=4)
def _read(path):
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        rows = data["indicators"]
        entries = tuple(
            Entry(
                code=row["code"],
                name=row["name"].strip(),
                name_en=row.get("name_en", "").strip(),
                aliases=tuple(split_aliases(row.get("aliases", ""))),
                unit=row.get("unit", ""),
                category=row["category"],
                catalogue_group=row["catalogue_group"],
                definition=row.get("definition", ""),
                display_order=int(row.get("display_order", 0)),
                is_headline=bool(row.get("is_headline", False)),
            )
            for row in rows
        )
        catalogue = Catalogue(source=data["source"], version=str(data["version"]), entries=entries)
    except FileNotFoundError:
        raise CatalogueError(f"找不到标准指标目录文件:{path}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CatalogueError(f"标准指标目录文件格式有误({error}):{path}") from None
    problems = []
    seen = {}
    for entry in entries:
        if entry.category not in IndicatorCategory.values:
            problems.append(f"{entry.code}:指标分类“{entry.category}”不存在")
        if entry.catalogue_group not in CatalogueGroup.values:
            problems.append(f"{entry.code}:评价体系分组“{entry.catalogue_group}”不存在")
        for label in (entry.code, *entry.names):
            if seen.setdefault(label, entry.code) != entry.code:
                problems.append(f"“{label}”同时出现在 {seen[label]} 和 {entry.code} 中")
    if problems:
        raise CatalogueError(f"标准指标目录有误:{';'.join(problems)}")
    return catalogue


def completion(indicator, entry):
    """The catalogue fields a matched indicator gains: only those it has left blank."""
    gains = {}
    if not indicator.catalogue_group:
        gains["catalogue_group"] = entry.catalogue_group
    if not indicator.definition.strip() and entry.definition:
        gains["definition"] = entry.definition
    if not indicator.name_en.strip() and entry.name_en:
        gains["name_en"] = entry.name_en
    if not indicator.aliases.strip():
        aliases = entry.other_names(indicator.name.strip())
        if aliases:
            gains["aliases"] = aliases
    return gains


def match(entry, *, by_code, names):
    """The existing indicator an entry stands for (by code, then name or other name), or the
    reason it cannot be told: its names mean more than one indicator."""
    if entry.code in by_code:
        return by_code[entry.code], None
    found = []
    for label in entry.names:
        for indicator in names.get(label, []):
            if indicator not in found:
                found.append(indicator)
    if len(found) > 1:
        named = "、".join(f"{i.name}({i.code})" for i in sorted(found, key=lambda i: i.code))
        return None, f"名称对应多个已有指标:{named}"
    return (found[0] if found else None), None


@transaction.atomic
def load_catalogue(*, path=None):
    """Load the catalogue into this zone's indicators; return what was created and completed.

    Each entry is matched to an existing indicator by code, then by name or other name. A
    matched indicator keeps its own name, unit, category and values and gains only the
    catalogue fields it has left blank; an entry that matches none is created as a draft.
    Nothing is written for an indicator that already has everything: loading twice changes
    nothing, not even a history row.
    """
    catalogue = read_catalogue(path=path)
    existing = list(Indicator.objects.all())
    by_code = {i.code: i for i in existing}
    names = by_name(existing)
    claimed = {}
    result = LoadResult(catalogue=catalogue)
    for entry in catalogue.entries:
        indicator, problem = match(entry, by_code=by_code, names=names)
        if problem:
            result.skipped.append((entry, problem))
            continue
        if indicator is None:
            indicator = entry.new_indicator()
            indicator.full_clean()
            indicator._change_reason = CHANGE_REASON
            indicator.save()
            result.created.append(indicator)
            continue
        if indicator.pk in claimed:
            result.skipped.append((entry, f"已对应目录中的 {claimed[indicator.pk]}"))
            continue
        claimed[indicator.pk] = entry.code
        gains = completion(indicator, entry)
        if not gains:
            result.unchanged.append(indicator)
            continue
        for name, value in gains.items():
            setattr(indicator, name, value)
        try:
            indicator.full_clean(
                exclude=[f.name for f in Indicator._meta.fields if f.name not in gains]
            )
        except ValidationError as error:
            result.skipped.append((entry, "、".join(error.messages)))
            continue
        indicator._change_reason = CHANGE_REASON
        indicator.save(update_fields=list(gains))
        result.completed.append(indicator)
    return result


def catalogue_entry(label, *, path=None):
    """The one catalogue entry called ``label`` (code, name or other name), or None."""
    found = read_catalogue(path=path).named(label)
    return found[0] if len(found) == 1 else None
