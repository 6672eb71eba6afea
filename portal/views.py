from django.views.generic import TemplateView

from hightech_zone.models import Designation, WorkReport, ZoneProfile


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["profile"] = ZoneProfile.objects.first()
        context["designations"] = Designation.objects.published()
        context["reports"] = WorkReport.objects.published().only("year", "title")
        return context
