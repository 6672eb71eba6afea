"""The 适老化 (elder-friendly) display mode: the reader's cookie, the switch and its context."""

from functools import partial
from urllib.parse import urlencode

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from hightech_zone.middleware import bad_request

COOKIE = "display_mode"
ELDER = "elder"
STANDARD = "standard"
# Remembered for a year: readers who need larger type should not have to ask again.
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def mode_of(request):
    """ELDER or STANDARD: what the reader's cookie asks for; anything else is STANDARD."""
    return ELDER if request.COOKIES.get(COOKIE) == ELDER else STANDARD


def switch_url(request, mode):
    """The switch's address: it sets ``mode`` and comes back to the page it was followed from."""
    query = urlencode({"mode": mode, "next": request.get_full_path()})
    return f"{reverse('portal:display_mode')}?{query}"


@require_safe
@never_cache
def switch_mode(request):
    """Set (or clear) the mode's cookie and go back: a plain link, so it works without
    JavaScript. A ``next`` that leaves the site goes to the home page instead."""
    mode = request.GET.get("mode", "")
    if mode not in (ELDER, STANDARD):
        return bad_request(request, _("显示模式只能是适老化模式(elder)或标准模式(standard)。"))
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if mode == ELDER:
        response.set_cookie(
            COOKIE,
            ELDER,
            max_age=COOKIE_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(COOKIE, samesite="Lax")
    return response


def display_mode(request):
    """Template context processor: ``elder_mode``, and the switch to the other mode (worked
    out only when a template shows it: the admin never does)."""
    elder = mode_of(request) == ELDER
    return {
        "elder_mode": elder,
        "display_switch_url": partial(switch_url, request, STANDARD if elder else ELDER),
    }
