"""What every public page's view shares: it may be cached whole, and it shows the zone's name."""

from hightech_zone.models import ZoneProfile

from .fragments import kept


class CachedPageMixin:
    """Marks a page as public: the same for every reader, so portal's PageCacheMiddleware
    may keep it in the shared cache."""

    # The query parameters the page reads: the cache keys on these and drops every other one.
    query_parameters = ()

    @classmethod
    def cache_parameters(cls):
        return cls.query_parameters

    def dispatch(self, request, *args, **kwargs):
        request.public_page = True
        return super().dispatch(request, *args, **kwargs)


class ProfileMixin(CachedPageMixin):
    """Every public page shows the zone's name in its header."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = kept(
            "profile", tables=(ZoneProfile,), compute=ZoneProfile.objects.first
        )
        return context
