"""What the public can find: published records, matched on the text their pages show.

A work report is matched on its text as the report page renders it, with every bound figure
resolved and no markup: 72.6亿元 and 全市第2位 find it, ``[[gdp|growth]]`` and ``rank_cn``
never do. The rendered text of all published reports is built in a fixed number of queries
and kept in the cache under the data version (hightech_zone.cache), so any write rebuilds
it. Other records are matched in the database on the fields their pages show. Every hit comes
with the places it matched, cut around the match so that the page can highlight it.

Matching ignores case and the difference between full-width and half-width forms (ＧＤＰ,
７２.６), as a reader typing on a Chinese keyboard expects.
"""

import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .cache import data_version
from .models import (
    Indicator,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    WorkReport,
)
from .references import Resolver

CONTEXT = 36  # characters of context on each side of a match
SNIPPETS_PER_HIT = 3


@dataclass(frozen=True)
class Snippet:
    """A piece of a page around a match: ``before`` + ``match`` + ``after``, and where it is."""

    label: str
    before: str
    match: str
    after: str


@dataclass
class Hit:
    record: object
    snippets: list = field(default_factory=list)


@dataclass
class Group:
    kind: str
    label: str
    count: int
    hits: list


def fold(text):
    """``text`` case-folded and in NFKC form, and for each folded character the index of the
    character of ``text`` it came from, so that a match can be cut out of the original."""
    folded, origin = [], []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKC", char).casefold():
            folded.append(part)
            origin.append(index)
    return "".join(folded), origin


def normalize_query(query):
    return " ".join(unicodedata.normalize("NFKC", query).casefold().split())


def snippet(label, text, query):
    """The Snippet of ``text`` around its first match of the (normalized) ``query``, or None."""
    text = str(text or "")
    folded, origin = fold(text)
    found = folded.find(query)
    if found < 0:
        return None
    start, end = origin[found], origin[found + len(query) - 1] + 1
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return Snippet(
        str(label),
        ("…" if left else "") + text[left:start],
        text[start:end],
        text[end:right] + ("…" if right < len(text) else ""),
    )


def snippets(texts, query):
    """Snippets of the first places among (label, text) pairs that match."""
    found = []
    for label, text in texts:
        piece = snippet(label, text, query)
        if piece is not None:
            found.append(piece)
            if len(found) == SNIPPETS_PER_HIT:
                break
    return found


# --- Work reports: their text as rendered ----------------------------------------------------


def report_texts():
    """{report pk: (report, [(label, text), …])} of every published report as its page reads it:
    title, section headings and paragraphs with figures resolved, closing. Cached under the
    data version, so that it is built once per change of the data, not per search."""
    version = data_version()
    key = f"search:report-texts:{version}"
    texts = cache.get(key) if version is not None else None
    if texts is None:
        # The report is content: it reads as staff wrote it, in every language of the site.
        with override(settings.LANGUAGE_CODE):
            texts = build_report_texts()
        if version is not None:
            cache.set(key, texts, None)
    return texts


def build_report_texts():
    reports = list(WorkReport.objects.published().prefetch_related("sections"))
    pieces = [
        (line, report.year)
        for report in reports
        for section in report.sections.all()
        for line in section.paragraphs
    ]
    pieces += [(report.closing, report.year) for report in reports if report.closing]
    resolver = Resolver(pieces, published_only=True)
    texts = {}
    for report in reports:
        entries = [(str(_("标题")), report.title)]
        for section in sorted(report.sections.all(), key=lambda s: s.order):
            entries.append((section.heading, section.heading))
            entries += [
                (section.heading, resolver.plain_text(line, report.year))
                for line in section.paragraphs
            ]
        if report.closing:
            entries.append((str(_("结束语")), resolver.plain_text(report.closing, report.year)))
        texts[report.pk] = (report, entries)
    return texts


def search_reports(query, limit):
    hits = []
    for report, texts in report_texts().values():
        found = snippets(texts, query)
        if found:
            hits.append(Hit(report, found))
    hits.sort(key=lambda hit: -hit.record.year)
    return len(hits), hits[:limit]


# --- Records matched in the database on what their pages show -------------------------------


def shown_texts(record, fields):
    """(label, text) of the fields of ``record`` that its page shows."""
    texts = []
    for name in fields:
        if "__" in name:  # a part: a project's yearly progress
            relation, attribute = name.split("__")
            label = ProjectProgress._meta.get_field(attribute).verbose_name
            texts += [
                (f"{part.year}年{label}", getattr(part, attribute))
                for part in getattr(record, relation).all()
            ]
        else:
            texts.append((type(record)._meta.get_field(name).verbose_name, getattr(record, name)))
    return texts


def search_records(queryset, query, limit):
    """Records of ``queryset`` whose shown fields (the model's ``searched_fields``) contain the
    query, the first ``limit`` of them with their snippets."""
    fields = queryset.model.searched_fields
    found = queryset.search(query)
    count = found.count()
    hits = []
    for record in found[:limit]:
        pieces = snippets(shown_texts(record, fields), query)
        # The database's case-insensitive match and ours agree but for exotic characters;
        # a record found without a visible match still shows its first field.
        hits.append(Hit(record, pieces or [Snippet("", "", "", str(record))]))
    return count, hits


def search(query, *, limit=20):
    """Every kind of public record that matches ``query``, as groups in the order a reader
    expects: the report first."""
    query = normalize_query(query)
    if not query:
        return []
    progress = Prefetch("progress", ProjectProgress.objects.order_by("-year"))
    kinds = [
        ("report", _("年度工作报告"), None),
        ("indicator", _("指标"), Indicator.objects.published()),
        ("project", _("投资项目"), Project.objects.published().prefetch_related(progress)),
        ("policy", _("政策文件"), PolicyDocument.objects.published()),
        ("platform", _("创新平台"), InnovationPlatform.objects.published()),
    ]
    groups = []
    for kind, label, queryset in kinds:
        if queryset is None:
            count, hits = search_reports(query, limit)
        else:
            count, hits = search_records(queryset, query, limit)
        groups.append(Group(kind, label, count, hits))
    return groups
