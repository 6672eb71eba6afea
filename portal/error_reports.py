"""我为政府网站找错: the form a visitor reports an error on a page with, and its thanks page.

Never a cached page (neither view is a CachedPageMixin): the form carries a CSRF token and a
signed time. Works without JavaScript: the page is filled in from ?page= or the Referer.
"""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from hightech_zone import error_reports
from hightech_zone.models import ErrorReport, ZoneProfile
from hightech_zone.models.error_reports import (
    CONTACT_MAX_LENGTH,
    DESCRIPTION_MAX_LENGTH,
    DESCRIPTION_MIN_LENGTH,
    PAGE_MAX_LENGTH,
)


def page_path(value, request):
    """A page of this site as a path (with its query): a path as it is, an absolute address
    on this host reduced to its path; anything else as it is, for the form to refuse."""
    value = (value or "").strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return value
    if parts.scheme in ("http", "https") and parts.netloc == request.get_host():
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return value


class ErrorReportForm(forms.Form):
    page = forms.CharField(label=gettext_lazy("出错的页面"), max_length=PAGE_MAX_LENGTH)
    description = forms.CharField(
        label=gettext_lazy("问题描述"),
        min_length=DESCRIPTION_MIN_LENGTH,
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("请说明哪里有误,例如错别字、数据错误、链接打不开。"),
    )
    contact = forms.CharField(
        label=gettext_lazy("联系方式(选填)"),
        max_length=CONTACT_MAX_LENGTH,
        required=False,
        help_text=gettext_lazy("电话或电子邮箱,仅用于答复您。"),
    )
    # The honeypot: hidden from people by the stylesheet, filled in by scripts that fill all.
    website = forms.CharField(
        label=gettext_lazy("请勿填写此项"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_page(self):
        return page_path(self.cleaned_data["page"], self.request)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("website"):
            raise ValidationError(_("提交未被接受。"), code="honeypot")
        error_reports.check_form_token(self.data.get("token"))
        return cleaned

    def save(self):
        try:
            return error_reports.submit_report(
                page=self.cleaned_data["page"],
                description=self.cleaned_data["description"],
                contact=self.cleaned_data["contact"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return None


def client_address(request):
    """The visitor's address: behind DJANGO_PROXY_COUNT proxies, the one the outermost proxy
    saw (the rest of X-Forwarded-For is the client's to forge)."""
    if settings.PROXY_COUNT:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(hops) >= settings.PROXY_COUNT and hops[-settings.PROXY_COUNT]:
            return hops[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def our_page(value):
    """``value`` if it is a page of this site as a report may name it, else ""."""
    try:
        ErrorReport._meta.get_field("page").run_validators(value)
    except ValidationError:
        return ""
    return value


def page_context(request, **context):
    return {"profile": ZoneProfile.objects.first(), **context}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_error(request):
    if request.method == "POST":
        if not error_reports.allow_submission(address=client_address(request)):
            response = render(
                request, "portal/error_report_throttled.html", page_context(request), status=429
            )
            response["Retry-After"] = str(settings.ERROR_REPORTS_WINDOW_SECONDS)
            return response
        form = ErrorReportForm(request.POST, request=request)
        if form.is_valid():
            report = form.save()
            if report is not None:
                thanks = reverse("portal:report_error_thanks")
                return HttpResponseRedirect(f"{thanks}?{urlencode({'page': report.page})}")
        status = 400
        # A fresh time, so that a person correcting the form is not refused as too fast or old.
        form.data = form.data.copy()
        form.data["token"] = error_reports.form_token()
    else:
        status = 200
        page = request.GET.get("page") or request.META.get("HTTP_REFERER", "")
        # An address elsewhere is not offered: the visitor types the page.
        initial = {"token": error_reports.form_token(), "page": our_page(page_path(page, request))}
        form = ErrorReportForm(initial=initial, request=request)
    return render(
        request, "portal/error_report.html", page_context(request, form=form), status=status
    )


@never_cache
@require_http_methods(["GET", "HEAD"])
def report_error_thanks(request):
    page = our_page(request.GET.get("page", ""))
    return render(request, "portal/error_report_thanks.html", page_context(request, page=page))
