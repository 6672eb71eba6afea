"""Gzip for public pages only: never a page that carries a secret (BREACH)."""

from django.middleware.gzip import GZipMiddleware

TEXT_TYPES = ("text/", "application/json")


class PublicPageGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the public portal's pages alone.

    BREACH reads a secret out of a compressed HTTPS response by reflecting guesses into the
    same page and watching its length. Public pages (portal.public_pages.CachedPageMixin, or a
    page the cache answered) are the same for every reader and hold no secret: no CSRF token,
    no session, no user. Every other response goes out uncompressed: the admin and its login
    (CSRF tokens, and the admin reflects input), any page that used the CSRF token or set a
    cookie. Static files are compressed ahead of time by whitenoise (make serve), outside this.
    Only text is compressed: the report's PDF and the .xlsx downloads are compressed inside
    already.
    """

    def process_response(self, request, response):
        if (
            not getattr(request, "public_page", False)
            or not response.get("Content-Type", "").startswith(TEXT_TYPES)
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or response.cookies
        ):
            return response
        return super().process_response(request, response)
