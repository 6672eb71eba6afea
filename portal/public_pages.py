"""What public pages' views share: cacheable whole, the zone's name, a record's kept content."""

from django.template.loader import render_to_string

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
        """({name: key}, tables): the kept pieces (portal.fragments) the page will read, and
        the tables they read, known before the view runs. They come in one round trip with the
        demo notice; a piece left out costs a round trip of its own, nothing more."""
        return {}, ()

    def dispatch(self, request, *args, **kwargs):
        request.public_page = True
        pieces, tables = self.kept_pieces()
        with read_together(pieces, tables=(*tables, *demo_notice.TABLES), also=(demo_notice.KEY,)):
            response = super().dispatch(request, *args, **kwargs)
            if callable(getattr(response, "render", None)):
                response.render()  # the template reads pieces too
        return response


class ProfileMixin(CachedPageMixin):
    """Every public page shows the zone's name in its header."""

    def kept_pieces(self):
        pieces, tables = super().kept_pieces()
        return {**pieces, "profile": ()}, (*tables, ZoneProfile)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = kept(
            "profile", tables=(ZoneProfile,), compute=ZoneProfile.objects.first
        )
        return context


class KeptBodyMixin:
    """A record's page whose content (``body_template`` with ``body_context()``) is kept as a
    fragment while ``body_tables`` are unchanged, keyed by the page's address: the record
    itself is still read, for its address (404) and its title."""

    body_template = ""
    body_tables = ()

    def body_key(self):
        return tuple(sorted(self.kwargs.items()))

    def kept_pieces(self):
        pieces, tables = super().kept_pieces()
        return {**pieces, type(self).__name__: self.body_key()}, (*tables, *self.body_tables)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["body"] = fragment(
            type(self).__name__,
            *self.body_key(),
            tables=self.body_tables,
            render=lambda: render_to_string(
                self.body_template, {**context, **self.body_context()}, self.request
            ),
        )
        return context

    def body_context(self):
        return {}
