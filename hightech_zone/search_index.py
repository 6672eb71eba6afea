"""The search index kept current: every published record's shown text, rebuilt on each write.

A record's entry holds the text its public page shows, labelled by where it shows it: a work
report's title, headings and paragraphs with every figure resolved (references.Resolver), the
other records' ``searched_fields`` (a project's yearly progress included). A report's text
depends on the figures, platforms, designations and zone it cites, so a write to any of those
rebuilds the reports' entries (a handful of rows, in a fixed number of queries).

Writes are noticed the way hightech_zone.cache notices them: save() and delete() through
post_save/post_delete (connected in hightech_zone.apps, as the cache is), and the bulk writes
of ZoneDataQuerySet through hightech_zone.writes. The entries are written in the same
transaction as the records, so a rolled-back import leaves the index as it was. A multi-row
write (an import, a restore) may run ``deferred()`` to rebuild each entry once at its end.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils.translation import override

from . import writes
from .cache import bump_data_version
from .models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ReportSection,
    SearchEntry,
    SearchKind,
    WorkReport,
    ZoneProfile,
)
from .references import Resolver
from .segment import fold, tokens

ALL = None  # every record of a kind
CHUNK = 500
MANY = 5000  # more ids than this are rebuilt as the whole kind

MODELS = {
    SearchKind.REPORT: WorkReport,
    SearchKind.INDICATOR: Indicator,
    SearchKind.PROJECT: Project,
    SearchKind.POLICY: PolicyDocument,
    SearchKind.PLATFORM: InnovationPlatform,
}
KIND_OF = {model: kind for kind, model in MODELS.items()}
# What a report's rendered text is made of besides the report itself.
REPORT_SOURCES = (
    ReportSection,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    Designation,
    ZoneProfile,
)
# The field whose text is the record's title: a hit there ranks first.
TITLE_KEYS = {
    SearchKind.REPORT: "@title",
    SearchKind.INDICATOR: "@name",
    SearchKind.PROJECT: "@name",
    SearchKind.POLICY: "@title",
    SearchKind.PLATFORM: "@name",
}


def year_of(record):
    if isinstance(record, Project):
        return record.start_date.year if record.start_date else None
    if isinstance(record, InnovationPlatform):
        return record.year_recognised
    return getattr(record, "year", None)


def entry(kind, record, parts):
    """The SearchEntry of ``record`` whose page shows ``parts``: [key, text] pairs, the key
    naming where (see hightech_zone.search.label)."""
    parts = [[key, str(text)] for key, text in parts if text not in (None, "")]
    title_key = TITLE_KEYS[kind]
    title = "\n".join(text for key, text in parts if key == title_key)
    body = "\n".join(text for key, text in parts if key != title_key)
    return SearchEntry(
        kind=kind,
        object_id=record.pk,
        year=year_of(record),
        title=str(record)[:500],
        url=record.get_absolute_url(),
        parts=parts,
        folded_title=fold(title),
        folded_body=fold(body),
        title_tokens=tokens(title),
        body_tokens=tokens(body),
    )


def report_entries(reports):
    """Entries of ``reports`` as their pages read, in the site's language (a report is content,
    read as staff wrote it in every language), in a fixed number of queries."""
    reports = list(reports.prefetch_related("sections"))
    pieces = [
        (line, report.year)
        for report in reports
        for section in report.sections.all()
        for line in section.paragraphs
    ]
    pieces += [(report.closing, report.year) for report in reports if report.closing]
    with override(settings.LANGUAGE_CODE):
        resolver = Resolver(pieces, published_only=True)
        for report in reports:
            parts = [["@title", report.title]]
            for section in sorted(report.sections.all(), key=lambda s: s.order):
                parts.append([f"={section.heading}", section.heading])
                parts += [
                    [f"={section.heading}", resolver.plain_text(line, report.year)]
                    for line in section.paragraphs
                ]
            if report.closing:
                parts.append(["@closing", resolver.plain_text(report.closing, report.year)])
            yield entry(SearchKind.REPORT, report, parts)


def record_entries(kind, records):
    """Entries of ``records`` (not reports): their ``searched_fields`` as their pages show
    them, a project's progress under its year."""
    model = MODELS[kind]
    if model is Project:
        records = records.prefetch_related(
            Prefetch("progress", ProjectProgress.objects.order_by("-year"))
        )
    for record in records:
        parts = []
        for name in model.searched_fields:
            if "__" in name:
                relation, attribute = name.split("__")
                parts += [
                    [f"@{name}:{part.year}", getattr(part, attribute)]
                    for part in getattr(record, relation).all()
                ]
            else:
                parts.append([f"@{name}", getattr(record, name)])
        yield entry(kind, record, parts)


def reindex(kind, ids=ALL):
    """Rebuild the entries of ``kind`` for ``ids`` (every record when ALL): published records
    get a fresh entry, any other loses its own."""
    stale = SearchEntry.objects.filter(kind=kind)
    if ids is not ALL:
        ids = list(ids)
        if not ids:
            return 0
        if len(ids) > MANY:  # a bulk load: all of the kind, never a list too long for SQL
            ids = ALL
    if ids is not ALL:
        stale = stale.filter(object_id__in=ids)
    stale.delete()
    published = MODELS[kind].objects.published().order_by("pk")
    if ids is not ALL:
        published = published.filter(pk__in=ids)
    found = list(published.values_list("pk", flat=True))
    for start in range(0, len(found), CHUNK):
        chunk = found[start : start + CHUNK]
        records = published.filter(pk__in=chunk)
        built = (
            report_entries(records) if kind == SearchKind.REPORT else record_entries(kind, records)
        )
        SearchEntry.objects.bulk_create(list(built))
        if connection.vendor == "postgresql":
            SearchEntry.objects.filter(kind=kind, object_id__in=chunk).update(
                vector=SearchVector("title_tokens", weight="A", config="simple")
                + SearchVector("body_tokens", weight="B", config="simple")
            )
    return len(found)


def rebuild():
    """Every entry afresh; {kind: number of entries}. Kept search results (keyed by the
    zone's tables) are made stale: the entries may now read differently."""
    counts = {kind: reindex(kind) for kind in MODELS}
    bump_data_version()
    return counts


# --- Following the writes ---------------------------------------------------------------------


def targets(model, rows):
    """{kind: ids or ALL} of the entries that a write of ``rows`` of ``model`` changes. Rows
    are a queryset (read now, before the write) or a list of records."""

    def ids(attribute):
        if hasattr(rows, "values_list"):
            return set(rows.values_list(attribute, flat=True))
        found = {getattr(row, attribute) for row in rows}
        return ALL if None in found else found

    found = {}
    if model in REPORT_SOURCES:
        found[SearchKind.REPORT] = ALL
    if model in KIND_OF:
        found[KIND_OF[model]] = ids("pk")
    if model is ProjectProgress:
        found[SearchKind.PROJECT] = ids("project_id")
    return found


_deferred = ContextVar("search_index_deferred", default=None)


def refresh(found):
    """Rebuild the entries ``found`` ({kind: ids or ALL}), or note them for the end of
    ``deferred()``."""
    pending = _deferred.get()
    for kind, ids in found.items():
        if pending is None:
            reindex(kind, ids)
        elif ids is ALL or pending.get(kind, set()) is ALL:
            pending[kind] = ALL
        else:
            pending.setdefault(kind, set()).update(ids)


@contextmanager
def deferred():
    """Within this block, writes note the entries they change; each is rebuilt once at its end
    (inside the caller's transaction). An error, or a transaction marked for rollback (a dry
    run), discards the notes with the transaction."""
    if _deferred.get() is not None:  # already deferring: the outer block rebuilds
        yield
        return
    pending = {}
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if not (connection.in_atomic_block and connection.needs_rollback):  # else all is undone
        refresh(pending)


def noticed_bulk(model, rows):
    found = targets(model, rows)
    return (lambda: refresh(found)) if found else None


def noticed_one(sender, instance, **kwargs):
    refresh(targets(sender, [instance]))


def connect(models):
    writes.register(noticed_bulk)
    followed = set(KIND_OF) | set(REPORT_SOURCES) | {ProjectProgress}
    for model in models:
        if model in followed:
            post_save.connect(noticed_one, sender=model, dispatch_uid=f"search-save-{model}")
            post_delete.connect(noticed_one, sender=model, dispatch_uid=f"search-del-{model}")
