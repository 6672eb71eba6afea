"""What public pages' views share: cacheable whole, the zone's name, a record's kept content."""

from django.template.loader import render_to_string
from django.utils.functional import cached_property

from hightech_zone import demo_notice
from hightech_zone.models import ZoneProfile

from .fragments import fragment, kept, read_together


class CachedPageMixin:
    """Marks a page as public: the same for every reader, so portal's PageCacheMiddleware
    may keep it in the shared cache."""

    # The query parameters the page reads: the cache keys on these and drops every other one.
    query_parameters = ()

    @classmethod
    def cache_parameters(cls):
        return cls.query_parameters

    def kept_pieces(self):
        """{name: (key, tables)}: the pieces (portal.fragments) the page keeps, each declared
        once, known before the view runs. The page reads them all in one round trip with the
        demo notice, then each through ``kept_value`` or ``kept_html``."""
        return {}

    @cached_property
    def pieces(self):
        return self.kept_pieces()

    def kept_value(self, name, compute):
        key, tables = self.pieces[name]
        return kept(name, *key, tables=tables, compute=compute)

    def kept_html(self, name, render):
        key, tables = self.pieces[name]
        return fragment(name, *key, tables=tables, render=render)

    def dispatch(self, request, *args, **kwargs):
        request.public_page = True
        with read_together(self.pieces, tables=demo_notice.TABLES, also=(demo_notice.KEY,)):
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()  # the template reads pieces too
        return response


class ProfileMixin(CachedPageMixin):
    """Every public page shows the zone's name in its header."""

    def kept_pieces(self):
        return {**super().kept_pieces(), "profile": ((), (ZoneProfile,))}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = self.kept_value("profile", ZoneProfile.objects.first)
        return context


class KeptBodyMixin:
    """A record's page whose content (``body_template`` with ``body_context()``) is kept as a
    fragment while ``body_tables`` are unchanged, keyed by the page's address: the record
    itself is still read, for its address (404) and its title."""

    body_template = ""
    body_tables = ()

    def kept_pieces(self):
        # The view's name too: a project and a policy may share an id.
        body = ((type(self).__name__, *sorted(self.kwargs.items())), self.body_tables)
        return {**super().kept_pieces(), "body": body}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body"] = self.kept_html(
            "body",
            lambda: render_to_string(
                self.body_template, {**context, **self.body_context()}, self.request
            ),
        )
        return context

    def body_context(self):
        return {}
