"""/data.jsonld: the open datasets as a DCAT-AP catalogue in JSON-LD, for portals to harvest."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext, override
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from hightech_zone import open_data
from hightech_zone.models import ZoneProfile

from .caching import ConditionalGetMixin

# Inline, never a remote context: a harvester (and our tests) read it offline.
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LANGUAGES = {"zh-hans": "zh", "en": "en"}  # the site's languages -> their BCP 47 tags
EU = "http://publications.europa.eu/resource/authority/"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# (format parameter, media type, EU file type): the API's JSON, then its downloads.
DISTRIBUTIONS = (
    (None, "application/json", "JSON"),
    ("csv", "text/csv", "CSV"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
)


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class AlwaysJsonLd(BaseContentNegotiation):
    """One representation whatever the client accepts: a harvester asking for JSON or RDF in
    general gets JSON-LD, never a 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def both_languages(text):
    """A translatable text (lazy, or a function that translates) in each of the site's
    languages, language-tagged."""
    values = []
    for language, tag in LANGUAGES.items():
        with override(language):
            values.append({"@value": str(text() if callable(text) else text), "@language": tag})
    return values


def when(moment):
    return {"@value": moment.isoformat(), "@type": "xsd:dateTime"}


class Catalogue:
    """The catalogue document for one request: addresses absolute on the host it came to."""

    def __init__(self, request, profile, stats):
        self.request = request
        self.profile = profile
        self.stats = stats
        self.license = {"@id": settings.OPEN_DATA_LICENSE}
        self.publisher = {"@id": self.url("/") + "#publisher"}

    def url(self, path):
        return self.request.build_absolute_uri(path)

    def portal_url(self, name):
        with override(settings.LANGUAGE_CODE):
            return self.url(reverse(f"portal:{name}"))

    def agent(self):
        name = (self.profile.management_body or self.profile.name) if self.profile else ""
        return {**self.publisher, "@type": "foaf:Agent", "foaf:name": name}

    def contact(self):
        contact = {"@type": "vcard:Organization", "vcard:fn": self.agent()["foaf:name"]}
        contact["vcard:hasURL"] = {"@id": self.portal_url("home")}
        if self.profile and self.profile.phone:
            contact["vcard:hasTelephone"] = {"@id": f"tel:{self.profile.phone.replace(' ', '')}"}
        return contact

    def document(self):
        zone = {"zone": self.profile.name if self.profile else ""}
        modified = [s.modified for s in self.stats.values() if s.modified is not None]
        catalogue = {
            "@context": CONTEXT,
            "@id": self.url(reverse("open-data-catalogue")),
            "@type": "dcat:Catalog",
            "dct:title": both_languages(lambda: gettext("%(zone)s开放数据目录") % zone),
            "dct:description": both_languages(
                lambda: (
                    gettext(
                        "%(zone)s公开发布的数据集,均可通过开放数据接口以 JSON、CSV、XLSX 获取。"
                    )
                    % zone
                )
            ),
            "dct:publisher": self.agent(),
            "foaf:homepage": {"@id": self.portal_url("open_data")},
            "dct:language": [{"@id": f"{EU}language/ZHO"}, {"@id": f"{EU}language/ENG"}],
            "dct:license": self.license,
            "dcat:dataset": [self.dataset(d) for d in open_data.DATASETS],
        }
        if modified:
            catalogue["dct:modified"] = when(max(modified))
        return catalogue

    def dataset(self, dataset):
        stats = self.stats[dataset.key]
        api = self.url(reverse(dataset.api_url_name))
        described = {
            "@id": f"{self.portal_url('open_data')}#dataset-{dataset.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.key,
            "dct:title": both_languages(dataset.title),
            "dct:description": both_languages(dataset.description),
            "dct:accrualPeriodicity": {"@id": dataset.frequency.uri},
            "dct:license": self.license,
            "dct:publisher": self.publisher,
            "dcat:contactPoint": self.contact(),
            "dcat:landingPage": {"@id": f"{self.portal_url('open_data')}#dataset-{dataset.key}"},
            "dcat:keyword": [v for k in dataset.keywords for v in both_languages(k)],
            "dcat:distribution": [
                self.distribution(dataset, api, *d)
                for d in DISTRIBUTIONS
                if d[0] is None or dataset.files
            ],
        }
        if stats.modified is not None:
            described["dct:modified"] = when(stats.modified)
        return described

    def distribution(self, dataset, api, parameter, media_type, file_type):
        address = f"{api}?format={parameter}" if parameter else api
        distribution = {
            "@id": address,
            "@type": "dcat:Distribution",
            "dct:title": [
                {"@value": f"{v['@value']} ({file_type})", "@language": v["@language"]}
                for v in both_languages(dataset.title)
            ],
            "dcat:accessURL": {"@id": api},
            "dcat:mediaType": {"@id": MEDIA_TYPES + media_type},
            "dct:format": {"@id": f"{EU}file-type/{file_type}"},
            "dct:license": self.license,
        }
        if parameter:
            distribution["dcat:downloadURL"] = {"@id": address}
        return distribution


class CatalogueView(ConditionalGetMixin, APIView):
    """The DCAT-AP catalogue of the open datasets (hightech_zone.open_data): conditional GETs
    and the anonymous rate as on the API, its ETag from the tables the datasets read."""

    renderer_classes = [JsonLdRenderer]
    content_negotiation_class = AlwaysJsonLd
    schema = None  # described by DCAT, not part of the API's OpenAPI document

    @classmethod
    def read_tables_for(cls, action):
        return (ZoneProfile, *open_data.dataset_models())

    def get(self, request):
        self._stats = open_data.dataset_stats()
        profile = ZoneProfile.objects.first()
        return Response(Catalogue(request, profile, self._stats).document())

    def last_modified(self):
        modified = [s.modified for s in getattr(self, "_stats", {}).values() if s.modified]
        return max(modified, default=None)
