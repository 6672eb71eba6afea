"""The search index: one row per published record, with the text its public page shows."""

from contextlib import contextmanager

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connections, models, transaction
from django.db.models import Case, F, Func, Q, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from ..segment import characters, words

# ts_rank's weights for D, C, B, A: the title (A) counts 2.5 times the body (B).
RANK_WEIGHTS = [0.1, 0.2, 0.4, 1.0]


class SearchKind(models.TextChoices):
    """The kinds of record search finds, in the order its page lists them."""

    REPORT = "report", _("年度工作报告")
    INDICATOR = "indicator", _("指标")
    PROJECT = "project", _("投资项目")
    POLICY = "policy", _("政策文件")
    PLATFORM = "platform", _("创新平台")


class TitleVector(Func):
    """The title's part of the vector (weight A): what the per-kind GIN indexes
    searchentry_<kind>_title_gin (migration 0015) hold, written exactly as their expression."""

    template = "ts_filter(%(expressions)s, '{a}')"
    output_field = SearchVectorField()


class SearchEntryQuerySet(models.QuerySet):
    def _postgres(self):
        return connections[self.db].vendor == "postgresql"

    def _containing(self, alternatives, *, fields, vector):
        condition = Q()
        for query in alternatives:
            here = Q()
            for name in fields:
                here |= Q(**{f"{name}__contains": query})
            chars = characters(query)
            if chars and self._postgres():
                found = SearchQuery(" ".join(dict.fromkeys(chars)), config="simple")
                here &= Q(**{vector: found})
            condition |= here
        return condition

    def matching(self, alternatives):
        """Entries whose title or text contains one of ``alternatives`` (normalized queries).

        On PostgreSQL the GIN index on the vector finds the entries that hold every character
        of the query (医 alone, or 项 and 目), and the substring test keeps those that hold it in
        one piece; on SQLite the substring test scans the index table."""
        fields = ["folded_title", "folded_body"]
        return self.filter(self._containing(alternatives, fields=fields, vector="vector"))

    def title_matching(self, alternatives):
        """Entries whose title contains one of ``alternatives``: on PostgreSQL through the
        title's own GIN index, so that a rare title hit is found among a million body hits."""
        entries = self.alias(title_vector=TitleVector("vector")) if self._postgres() else self
        condition = self._containing(alternatives, fields=["folded_title"], vector="title_vector")
        return entries.filter(condition)

    def _compound(self, parts, template):
        """SQL of ``template`` over each (query set, limit) of ``parts`` (each query set
        reduced to its ids and cut at its limit), and its parameters."""
        sqls, params = [], []
        for number, (entries, limit) in enumerate(parts):
            ids = entries.values("pk").order_by()[:limit]
            sql, found = ids.query.get_compiler(using=self.db).as_sql()
            sqls.append(template.format(sql=sql, alias=f"part{number}"))
            params += found
        return sqls, params

    @contextmanager
    def through_indexes(self):
        """PostgreSQL reads the queries run in the block through the indexes, never by a scan
        of the table. It guesses how many entries hold a query from its characters'
        frequencies, and a scan for a kind's first 501 matches reads the whole table when the
        guess is wrong: 项 and 目 are each in many policies, so it took 项目 to be in 20,000 of
        them though one holds it (160 ms of 165 at scale 10); 园 alone took 188 ms scanned and
        30 ms through the index. Through the index a kind's matches cost what the index holds
        (docs/benchmarks.md, "Search through the indexes"). The setting lasts for the block
        only; SQLite has no such choice."""
        if not self._postgres():
            yield
            return
        with transaction.atomic(using=self.db, savepoint=False):
            with connections[self.db].cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('enable_seqscan'), "
                    "set_config('enable_seqscan', 'off', true)"
                )
                before = cursor.fetchone()[0]
            yield
            with connections[self.db].cursor() as cursor:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true)", [before])

    def first_matches(self, alternatives, kinds, *, cap):
        """{kind: ids of its first ``cap`` + 1 matching entries}, in one query whose cost does
        not grow with the matches (项目 is in every demo project's name): a kind with more
        than ``cap`` is counted as "more than ``cap``". Each kind is its own LIMIT query, so
        the planner reads a few of a frequent kind's rows and a rare kind's own GIN index."""
        matches = self.matching(alternatives)
        parts = [(matches.filter(kind=kind), cap + 1) for kind in kinds]
        sqls, params = self._compound(parts, "SELECT * FROM ({sql}) AS {alias}")
        found = {kind: [] for kind in kinds}
        with connections[self.db].cursor() as cursor:
            query = " UNION ALL ".join(
                f"SELECT {number} AS part, kind_ids.* FROM ({sql}) AS kind_ids"
                for number, sql in enumerate(sqls)
            )
            cursor.execute(query, params)
            for number, pk in cursor.fetchall():
                found[kinds[number]].append(pk)
        return found

    def candidates(self, alternatives, found, *, cap, titles, bodies):
        """These entries restricted to a bounded set worth ranking, from ``found``
        (first_matches): every match of a kind that has ``cap`` or fewer, which ranks them
        exactly; for a kind with more, its first ``titles`` title hits (through the title
        index, so that a rare title hit is not lost among many body hits) and its first
        ``bodies`` matches. Title hits rank first, so while such a kind has fewer title hits
        than ``titles`` its top hits are exactly ranked; beyond that they are the best of the
        first ``titles`` the index yields."""
        ids, parts = [], []
        title_hits = self.title_matching(alternatives)
        for kind, pks in found.items():
            if len(pks) > cap:
                parts.append((title_hits.filter(kind=kind), titles))
                ids += pks[:bodies]
            else:
                ids += pks
        sqls, params = self._compound(parts, "SELECT * FROM ({sql}) AS {alias}")
        if not self._postgres():
            condition = Q(pk__in=ids)
            if sqls:
                condition |= Q(pk__in=RawSQL(" UNION ".join(sqls), params))
            return self.filter(condition)
        # Arrays, not IN (…): the planner then fetches the candidates by primary key instead
        # of hashing them against a scan of the whole table.
        table = self.model._meta.db_table
        wanted = f'"{table}"."id" = ANY(%s)'
        if sqls:
            wanted = f'({wanted} OR "{table}"."id" = ANY(ARRAY({" UNION ".join(sqls)})))'
        condition = RawSQL(wanted, [ids, *params], output_field=models.BooleanField())
        return self.filter(condition)

    def ranked(self, alternatives, *, limit):
        """The first ``limit`` entries of each kind, best first: a title hit before a body hit,
        then by ts_rank (PostgreSQL: whole words count besides characters), then newest."""
        title_hit = Q()
        for query in alternatives:
            title_hit |= Q(folded_title__contains=query)
        order = [Case(When(title_hit, then=Value(1)), default=Value(0)).desc()]
        if self._postgres():
            terms = dict.fromkeys(
                term for query in alternatives for term in words(query) + characters(query)
            )
            if terms:  # letters and digits only: nothing to escape in tsquery syntax
                wanted = " | ".join(f"'{term}'" for term in terms)
                found = SearchQuery(wanted, config="simple", search_type="raw")
                order.append(SearchRank(F("vector"), found, weights=RANK_WEIGHTS).desc())
        order += [F("year").desc(nulls_last=True), F("pk").asc()]
        return (
            self.annotate(place=Window(RowNumber(), partition_by=[F("kind")], order_by=order))
            .filter(place__lte=limit)
            .order_by("kind", "place")
        )


class SearchEntry(models.Model):
    """What search reads of a published record: its title, its text as the page renders it
    (a report's figures filled in), and on PostgreSQL the segmented text as a ``tsvector``
    (title weight A, body weight B) under a GIN index. Built by hightech_zone.search_index
    on every write; never edited."""

    kind = models.CharField(_("类型"), max_length=20, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField(_("记录编号"))
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=500)
    url = models.CharField(_("网址"), max_length=500)
    parts = models.JSONField(_("页面文字"), default=list, help_text=_("[标签, 文字] 列表。"))
    folded_title = models.TextField(_("标题(规范化)"), blank=True)
    folded_body = models.TextField(_("正文(规范化)"), blank=True)
    title_tokens = models.TextField(_("标题分词"), blank=True)
    body_tokens = models.TextField(_("正文分词"), blank=True)
    vector = SearchVectorField(_("检索向量"), null=True, editable=False)

    objects = SearchEntryQuerySet.as_manager()

    operational = True  # derived from the records; rebuilt, never backed up

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_one_per_record")
        ]
        indexes = [models.Index(fields=["kind", "year"], name="searchentry_kind_year")]

    def __str__(self):
        return self.title
