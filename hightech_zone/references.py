"""Figures in report text that are drawn from the data, never retyped.

Staff write a reference where a figure belongs; the text shows whatever the data holds now.

    [[gdp]]                      72.6亿元   the value with its qualifier and unit
    [[gdp|growth]]               15.8%
    [[gdp|rank]]                 全市第2位
    [[gdp@2016]]                 the 2016 value instead of the report's year
    [[industry_structure]]       1.6:41.8:56.6   a composite ratio
    [[platform:大学科技园|total_investment]]       3.77亿元
    [[designation:国家高新区|granted]]             2015年2月
    [[zone|area]]                220平方公里
    [[gdp@2018|target]]          1050亿元   预期目标 set for 2018 (a year's row holds its target)
    [[gdp|completion]]           103.2%    完成率: the actual as a percentage of the target

Indicator fields: value (default), number, number_cn, unit, growth, growth_basis (按可比口径),
rank, rank_number, rank_cn, rank_scope, rank_change, baseline, multiple, ratio, and the target's:
target (1050亿元, 增长8%), target_number (1050), target_growth (8%), completion (103.2%).
A reference that points at nothing is kept in the result with ``ok=False`` so that the admin
preview and the consistency check can flag it. One that points at a known indicator whose figure
for the year does not exist yet, in any state (a new year's report before its values are
entered), is also ``pending``: the admin shows it as 待填报, the public page as every figure it
cannot show (MISSING).
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .models import (
    Designation,
    Indicator,
    IndicatorKind,
    IndicatorValue,
    InnovationPlatform,
    ZoneProfile,
)
from .numbers import format_number, format_quantity

REFERENCE_RE = re.compile(r"\[\[\s*([^\[\]|]+?)\s*(?:\|\s*([a-z_]+)\s*)?\]\]")
INDICATOR_RE = re.compile(r"^(?P<code>[-a-zA-Z0-9_]+)(?:@(?P<year>\d{4}))?$")

CN_DIGITS = "零一二三四五六七八九"
MISSING = "—"  # what the public sees where a figure cannot be shown (includes/segments.html)


def chinese_numeral(number, *, cardinal=False):
    """1..99 in Chinese characters: 3 -> 三, 12 -> 十二; as a count, 2 -> 两 (两个课题)."""
    if number is None or number != int(number) or not 0 <= number < 100:
        return format_number(number)
    number = int(number)
    if cardinal and number == 2:
        return "两"
    if number < 10:
        return CN_DIGITS[number]
    tens, ones = divmod(number, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class Reference:
    raw: str
    kind: str  # indicator, platform, designation, zone
    key: str
    year: int | None
    field: str


@dataclass(frozen=True)
class Segment:
    """A piece of rendered text: plain text, or a figure drawn from the data."""

    text: str
    reference: Reference | None = None
    ok: bool = True
    url: str = ""
    label: str = ""  # what the figure is (an indicator's name), for its link's description
    pending: bool = False  # not ok because its value for the year does not exist yet

    @property
    def is_figure(self):
        return self.reference is not None


def parse(text, *, default_year):
    """Split text into plain strings and References, in order."""
    parts = []
    position = 0
    for match in REFERENCE_RE.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()])
        parts.append(_reference(match, default_year))
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts


def _reference(match, default_year):
    target, field = match.group(1), match.group(2) or ""
    for prefix in ("platform", "designation"):
        if target.startswith(prefix + ":"):
            return Reference(match.group(0), prefix, target[len(prefix) + 1 :].strip(), None, field)
    if target == "zone":
        return Reference(match.group(0), "zone", "", None, field)
    found = INDICATOR_RE.match(target)
    if not found:
        return Reference(match.group(0), "invalid", target, None, field)
    year = int(found["year"]) if found["year"] else default_year
    return Reference(match.group(0), "indicator", found["code"], year, field)


class Resolver:
    """Loads everything a set of texts refers to in a fixed number of queries.

    ``texts`` holds (text, default_year) pairs: the year a bare [[code]] refers to.
    """

    def __init__(self, texts, *, published_only=True):
        self.published_only = published_only
        self.parsed = {(text, year): parse(text, default_year=year) for text, year in texts}
        # Each text's segments once: the page, its problems and its pending figures all read
        # them (three renders of every figure of a report before).
        self.rendered = {}
        self.urls = {}
        refs = [p for parts in self.parsed.values() for p in parts if isinstance(p, Reference)]
        self._load(refs)

    def _load(self, refs):
        self.indicator_codes = {r.key for r in refs if r.kind == "indicator"}
        self._known_codes = None  # loaded only if some figure cannot be shown
        years = {r.year for r in refs if r.kind == "indicator"}
        # Values in every state: the published ones are shown, the others tell a figure whose
        # value is only unpublished from one whose value does not exist yet.
        values = IndicatorValue.objects.select_related("indicator", "indicator__parent").filter(
            year__in=years
        )
        values = values.filter(indicator__code__in=self.indicator_codes) | values.filter(
            indicator__parent__code__in=self.indicator_codes
        )
        self.values, self.components = {}, {}
        self.all_values, self.all_components = {}, {}
        for value in values:
            shown = not self.published_only or (value.is_published and value.indicator.is_published)
            self.all_values[(value.indicator.code, value.year)] = value
            if shown:
                self.values[(value.indicator.code, value.year)] = value
            parent = value.indicator.parent
            if parent is not None:
                key = (parent.code, value.year)
                self.all_components.setdefault(key, []).append(value)
                # A ratio shows only while the ratio itself is published, not just its parts.
                if shown and (parent.is_published or not self.published_only):
                    self.components.setdefault(key, []).append(value)
        for found in (self.components, self.all_components):
            for parts in found.values():
                parts.sort(key=lambda v: (v.indicator.display_order, v.indicator.code))

        platforms = InnovationPlatform.objects.filter(
            name__in={r.key for r in refs if r.kind == "platform"}
        )
        designations = Designation.objects.filter(
            name__in={r.key for r in refs if r.kind == "designation"}
        )
        if self.published_only:
            platforms, designations = platforms.published(), designations.published()
        self.platforms = {p.name: p for p in platforms}
        self.designations = {d.name: d for d in designations}
        self.zone = ZoneProfile.objects.first() if any(r.kind == "zone" for r in refs) else None

    def segments(self, text, year):
        if (text, year) not in self.rendered:
            parts = self.parsed.get((text, year))
            if parts is None:
                parts = parse(text, default_year=year)
            self.rendered[text, year] = tuple(
                self._segment(p) if isinstance(p, Reference) else Segment(p) for p in parts
            )
        return list(self.rendered[text, year])

    def indicator_url(self, code):
        """An indicator's page, reversed once per render (a report cites one many times)."""
        if code not in self.urls:
            self.urls[code] = reverse("portal:indicator_detail", args=[code])
        return self.urls[code]

    def plain_text(self, text, year):
        """The text as the public page shows it: a figure that cannot be shown is a dash."""
        return "".join(
            segment.text if segment.ok else MISSING for segment in self.segments(text, year)
        )

    def problems(self):
        """(reference, reason) for every reference that points at nothing, pending ones too."""
        return [
            (segment.reference, segment.text)
            for text, year in self.parsed
            for segment in self.segments(text, year)
            if segment.is_figure and not segment.ok
        ]

    def pending(self):
        """(reference, reason) for every figure whose value for its year is not entered yet."""
        return [
            (segment.reference, segment.text)
            for text, year in self.parsed
            for segment in self.segments(text, year)
            if segment.pending
        ]

    def _segment(self, ref):
        # Figures are part of the content, which stays in the language staff wrote it in.
        with override(settings.LANGUAGE_CODE):
            try:
                text, url = getattr(self, f"_render_{ref.kind}")(ref)
            except LookupError as missing:
                if self._is_pending(ref):
                    reason = _("指标 %(code)s 尚无%(year)s年的数值(待填报)") % {
                        "code": ref.key,
                        "year": ref.year,
                    }
                    return Segment(str(reason), ref, ok=False, pending=True)
                return Segment(str(missing.args[0]), ref, ok=False)
        return Segment(str(text), ref, ok=True, url=url, label=self._label(ref))

    def _is_pending(self, ref):
        """Whether a figure that cannot be shown is missing because its value for the year does
        not exist in any state: no value, or only a target where the text wants what happened.
        A draft value, an empty field of an actual value or an unknown code is another problem."""
        if ref.kind != "indicator" or (ref.field and ref.field not in (*INDICATOR_FIELDS, "ratio")):
            return False
        key = (ref.key, ref.year)
        value = self.all_values.get(key)
        if self.all_components.get(key) or (value is not None and value.is_actual):
            return False
        try:
            self._render_indicator(ref, self.all_values, self.all_components)
        except LookupError:
            pass
        else:
            return False  # shown from a value only staff see (a draft target, say)
        if self._known_codes is None:
            self._known_codes = set(
                Indicator.objects.filter(code__in=self.indicator_codes).values_list(
                    "code", flat=True
                )
            )
        return ref.key in self._known_codes

    def _label(self, ref):
        if ref.kind == "platform":
            return ref.key
        if ref.kind != "indicator":
            return ""
        value = self.values.get((ref.key, ref.year))
        if value is not None:
            return value.indicator.name
        parts = self.components.get((ref.key, ref.year))
        return parts[0].indicator.parent.name if parts else ""

    def _render_invalid(self, ref):
        raise LookupError(_("无法识别的引用 %(raw)s") % {"raw": ref.raw})

    def _render_indicator(self, ref, values=None, components=None):
        key = (ref.key, ref.year)
        value = (self.values if values is None else values).get(key)
        parts = (self.components if components is None else components).get(key, [])
        field = ref.field or ("ratio" if (value is None and parts) or _is_ratio(value) else "value")
        if field == "ratio":
            if not parts:
                raise LookupError(
                    _("指标 %(code)s 在%(year)s年没有组成数值")
                    % {"code": ref.key, "year": ref.year}
                )
            text = ":".join(format_number(p.value) for p in parts)
            return text, self.indicator_url(ref.key)
        if value is None:
            raise LookupError(
                _("指标 %(code)s 在%(year)s年没有已发布的数值")
                % {"code": ref.key, "year": ref.year}
            )
        renderer = INDICATOR_FIELDS.get(field)
        if renderer is None:
            raise LookupError(_("未知的字段 %(field)s") % {"field": field})
        text = renderer(value)
        if text in ("", None):
            raise LookupError(
                _("指标 %(code)s 在%(year)s年没有“%(field)s”")
                % {"code": ref.key, "year": ref.year, "field": field}
            )
        return str(text), self.indicator_url(ref.key)

    def _render_platform(self, ref):
        platform = self.platforms.get(ref.key)
        if platform is None:
            raise LookupError(_("没有名为“%(name)s”的已发布平台") % {"name": ref.key})
        renderer = PLATFORM_FIELDS.get(ref.field or "name")
        text = renderer(platform) if renderer else ""
        if not text:
            raise LookupError(
                _("平台“%(name)s”没有“%(field)s”") % {"name": ref.key, "field": ref.field}
            )
        return text, platform.get_absolute_url()

    def _render_designation(self, ref):
        designation = self.designations.get(ref.key)
        if designation is None:
            raise LookupError(_("没有名为“%(name)s”的已发布称号") % {"name": ref.key})
        text = designation.granted_display if ref.field == "granted" else designation.name
        if not text:
            raise LookupError(_("称号“%(name)s”没有获得时间") % {"name": ref.key})
        return str(text), ""

    def _render_zone(self, ref):
        if self.zone is None:
            raise LookupError(_("尚未填写园区概况"))
        renderer = ZONE_FIELDS.get(ref.field)
        text = renderer(self.zone) if renderer else ""
        if not text:
            raise LookupError(_("园区概况没有“%(field)s”") % {"field": ref.field})
        return text, ""


def _is_ratio(value):
    return value is not None and value.indicator.kind == IndicatorKind.RATIO


def _number(value):
    return format_number(value) if value is not None else ""


def _percent(value):
    return f"{format_number(value)}%" if value is not None else ""


INDICATOR_FIELDS = {
    "value": lambda v: v.display_value,
    "number": lambda v: _number(v.value),
    "number_cn": lambda v: chinese_numeral(v.value, cardinal=True) if v.value is not None else "",
    "unit": lambda v: v.indicator.unit,
    "growth": lambda v: v.display_growth,
    "growth_basis": lambda v: v.display_growth_basis,
    "rank": lambda v: v.display_rank,
    "rank_number": lambda v: _number(v.rank),
    "rank_cn": lambda v: chinese_numeral(v.rank) if v.rank else "",
    "rank_scope": lambda v: v.rank_scope,
    "rank_change": lambda v: _number(abs(v.rank_change)) if v.rank_change else "",
    "baseline": lambda v: v.display_baseline,
    "multiple": lambda v: _number(v.prior_multiple),
    "target": lambda v: v.display_target,
    "target_number": lambda v: _number(v.target_value),
    "target_growth": lambda v: _percent(v.target_growth_pct),
    "completion": lambda v: v.display_completion,
}

PLATFORM_FIELDS = {
    "name": lambda p: p.name,
    "total_investment": lambda p: format_quantity(p.total_investment, "", "亿元"),
    "floor_area": lambda p: format_quantity(p.floor_area, "", "万平方米"),
    "signed_projects": lambda p: format_quantity(p.signed_projects, "", "个"),
    "year_recognised": lambda p: _number(p.year_recognised),
}

ZONE_FIELDS = {
    "area": lambda z: format_quantity(z.area_km2, "", "平方公里"),
    "population": lambda z: format_quantity(z.population_wan, "", "万"),
    "founded": lambda z: z.founded_display,
    "name": lambda z: z.name,
}


SUBHEADING_RE = re.compile(r"^[(（][一二三四五六七八九十]+[)）]")


@dataclass(frozen=True)
class Block:
    segments: list
    is_subheading: bool = False


@dataclass(frozen=True)
class RenderedSection:
    section: object
    blocks: list

    @property
    def subheadings(self):
        """(position, block) of each subheading; position counts blocks from 1 and anchors it."""
        return [(i, block) for i, block in enumerate(self.blocks, 1) if block.is_subheading]


@dataclass(frozen=True)
class RenderedReport:
    sections: list
    closing: list
    problems: list  # figures that cannot be shown, save the pending ones
    pending: list = ()  # figures whose value for the year is not entered yet (待填报)


def render_report(report, sections, *, published_only=True):
    """A report's text with every reference resolved; ``problems`` lists the dangling ones."""
    year = report.year
    texts = [(line, year) for s in sections for line in s.paragraphs]
    texts.append((report.closing, year))
    resolver = Resolver(texts, published_only=published_only)
    rendered = [
        RenderedSection(
            section,
            [
                Block(resolver.segments(line, year), bool(SUBHEADING_RE.match(line)))
                for line in section.paragraphs
            ],
        )
        for section in sections
    ]
    closing = resolver.segments(report.closing, year) if report.closing else []
    pending = resolver.pending()
    problems = [problem for problem in resolver.problems() if problem not in pending]
    return RenderedReport(rendered, closing, problems, pending)
