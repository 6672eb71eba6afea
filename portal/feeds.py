"""Atom feeds of the newest published policies, reports and projects, for subscribers."""

from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hightech_zone.models import PolicyDocument, Project, WorkReport, ZoneProfile

FEED_ITEMS = 50


class PublishedFeed(Feed):
    """The newest ``FEED_ITEMS`` published records of ``model``, newest first; two queries (the
    profile and the records) whatever the number of records, read from their own columns only."""

    feed_type = Atom1Feed
    model = None
    column = ""
    url_name = ""

    def get_object(self, request, *args, **kwargs):
        # The zone's profile, handed to title() and author_name() by Django for this request
        # alone: the feed instance is one for every thread (urls.py builds it once).
        return ZoneProfile.objects.only("name", "management_body", "site_sponsor").first()

    def title(self, profile):
        name = profile.name if profile else _("高新区门户")
        return f"{name} · {self.column}"

    def link(self):
        return reverse(f"portal:{self.url_name}")

    def subtitle(self):
        return _("%(column)s的最新发布。") % {"column": self.column}

    def author_name(self, profile):
        return profile.sponsor_display if profile else ""

    def items(self):
        records = self.model.objects.published()
        newest = (F("published_at").desc(nulls_last=True), "-updated_at", "-pk")
        return records.order_by(*newest)[:FEED_ITEMS]

    def item_title(self, item):
        return getattr(item, "title", "") or str(item)

    def item_description(self, item):
        return getattr(item, "summary", "")

    def item_pubdate(self, item):
        return item.published_at or item.updated_at

    def item_updateddate(self, item):
        return item.updated_at


class PolicyFeed(PublishedFeed):
    model = PolicyDocument
    column = gettext_lazy("政策文件")
    url_name = "policy_list"

    def items(self):
        return super().items().defer("body")

    def item_author_name(self, item):
        return item.issuing_body


class ReportFeed(PublishedFeed):
    model = WorkReport
    column = gettext_lazy("工作报告")
    url_name = "report_list"

    def item_title(self, item):
        return str(item)


class ProjectFeed(PublishedFeed):
    model = Project
    column = gettext_lazy("投资项目")
    url_name = "project_list"
