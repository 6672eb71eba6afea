"""The load balancer's health check: answers without touching the database or templates."""

from django.http import HttpResponse


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
