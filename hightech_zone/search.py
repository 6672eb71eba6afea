"""What the public can find: published records, matched on the text their pages show.

The text lives in the search index (hightech_zone.search_index builds it on every write): a
work report as its page renders it, every bound figure resolved and no markup, so 72.6亿元
and 全市第2位 find it, ``[[gdp|growth]]`` and ``rank_cn`` never do; other records on the
fields their pages show. On PostgreSQL a GIN index over the segmented text answers one- and
two-character queries; results are ranked (title hits first) and each hit comes with the
places it matched, cut around the match so that the page can highlight it.

The cost does not grow with the number of matches, so that 项目 (in most projects' names) costs
what a rare word costs: each kind is counted up to COUNT_CAP (the page then says "500+"), and
only a bounded set of candidates is ranked (SearchEntryQuerySet.candidates): all the matches of
a kind that has no more than COUNT_CAP, else its first TITLE_CANDIDATES title hits and
BODY_CANDIDATES other hits.

Matching ignores case and the difference between full-width and half-width forms (ＧＤＰ,
７２.６), as a reader typing on a Chinese keyboard expects, and knows a few abbreviations
(高新区, GDP: hightech_zone.segment.SYNONYMS).
"""

from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .models import ProjectProgress, SearchEntry, SearchKind
from .search_index import MODELS
from .segment import alternatives, fold

CONTEXT = 36  # characters of context on each side of a match
SNIPPETS_PER_HIT = 3
PER_TYPE = 20  # hits shown on the page of one type
PER_TYPE_OF_ALL = 5  # hits of each type shown on the page of every type
COUNT_CAP = 500  # matches counted per kind; beyond it the page says "500+"
TITLE_CANDIDATES = 100  # title hits ranked per kind
BODY_CANDIDATES = 50  # other hits ranked per kind


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
    capped: bool = False  # more than ``count`` match: counting stopped there


def origin(text, position):
    """The index of the character of ``text`` that folded character ``position`` of
    fold(text) came from (folding may turn one character into several: ß → ss): the shortest
    prefix whose folded form reaches past it, found by bisection, each step folding at C
    speed rather than a character at a time."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high) // 2
        if len(fold(text[: middle + 1])) > position:
            high = middle
        else:
            low = middle + 1
    return min(low, len(text) - 1)


def snippet(label, text, query):
    """The Snippet of ``text`` around its first match of the (normalized) ``query``, or None.
    ``label`` is called only for a match."""
    text = str(text or "")
    folded = fold(text)
    found = folded.find(query)
    if found < 0:
        return None
    if len(folded) == len(text) and text.isascii():
        start, end = found, found + len(query)
    else:
        start, end = origin(text, found), origin(text, found + len(query) - 1) + 1
    left, right = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    return Snippet(
        str(label()),
        ("…" if left else "") + text[left:start],
        text[start:end],
        text[end:right] + ("…" if right < len(text) else ""),
    )


def snippets(texts, queries):
    """Snippets of the first places among (label, text) pairs that match one of ``queries``;
    each label a function, called only for a place that matched."""
    found = []
    for label, text in texts:
        piece = next(
            (p for query in queries if (p := snippet(label, text, query)) is not None), None
        )
        if piece is not None:
            found.append(piece)
            if len(found) == SNIPPETS_PER_HIT:
                break
    return found


def label(model, key):
    """The label shown for a part of an entry: a report's heading as written, or the name of
    the field, in the reader's language."""
    if key.startswith("="):
        return key[1:]
    name, _colon, year = key[1:].partition(":")
    if model is MODELS[SearchKind.REPORT]:  # content: read as staff wrote it, in every language
        with override(settings.LANGUAGE_CODE):
            return str(_("标题") if name == "title" else _("结束语"))
    if "__" in name:  # a part: a project's yearly progress
        attribute = name.split("__")[1]
        return f"{year}年{ProjectProgress._meta.get_field(attribute).verbose_name}"
    return str(model._meta.get_field(name).verbose_name)


def hit(entry, record, queries):
    model = MODELS[entry.kind]
    texts = [(partial(label, model, key), text) for key, text in entry.parts]
    # The database's match and ours agree but for exotic characters; an entry found without
    # a visible match still shows its title.
    return Hit(record, snippets(texts, queries) or [Snippet("", "", "", entry.title)])


def search(query, *, kind=None, year=None, limit=20):
    """Every kind of public record that matches ``query`` (or only ``kind``, of ``year``), as
    groups in the order a reader expects, the report first, each ranked; a fixed number of
    queries whatever the data."""
    queries = alternatives(query)
    if not queries[0]:
        return []
    kinds = [choice for choice in SearchKind if not kind or choice == kind]
    entries = SearchEntry.objects.all()
    if year:
        entries = entries.filter(year=year)
    found = {}
    with entries.through_indexes():
        matches = entries.first_matches(queries, kinds, cap=COUNT_CAP)
        candidates = entries.candidates(
            queries, matches, cap=COUNT_CAP, titles=TITLE_CANDIDATES, bodies=BODY_CANDIDATES
        )
        ranked = candidates.ranked(queries, limit=limit).only("kind", "object_id", "title", "parts")
        for entry in ranked:
            found.setdefault(entry.kind, []).append(entry)
    groups = []
    for choice in kinds:
        shown = found.get(choice, [])
        records = MODELS[choice].objects.in_bulk([e.object_id for e in shown]) if shown else {}
        hits = [hit(e, records[e.object_id], queries) for e in shown if e.object_id in records]
        count = len(matches[choice])
        group = Group(str(choice), choice.label, min(count, COUNT_CAP), hits, count > COUNT_CAP)
        groups.append(group)
    return groups
