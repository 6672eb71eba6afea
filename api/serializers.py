"""How each published record reads in the API, every field described in Chinese and English."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hightech_zone.models import (
    Designation,
    Indicator,
    IndicatorValue,
    InnovationPlatform,
    PolicyDocument,
    Project,
    ProjectProgress,
    ProjectStage,
    WorkReport,
    ZoneProfile,
)
from hightech_zone.open_data import published_fields

from .glossary import GLOSSES


def described(chinese, english):
    return f"{chinese} / {english}"


def open_fields(model, *, first=(), after=None, last=(), without=()):
    """The serializer's fields: the model's open-data fields (hightech_zone.open_data, the
    data dictionary's order), with the API's own ones ``first``, ``after`` a field
    ({field: (names…)}) and ``last``, and ``without`` those a view gives elsewhere."""
    after = after or {}
    fields = list(first)
    for field in published_fields(model):
        if field.name not in without:
            fields += [field.name, *after.get(field.name, ())]
    return [*fields, *last]


class DescribedSerializer(serializers.ModelSerializer):
    """A model serializer whose fields describe themselves: the model field's Chinese name
    and its English gloss (glossary.GLOSSES); declared fields bring their own help_text."""

    def get_fields(self):
        fields = super().get_fields()
        model = self.Meta.model
        for name, field in fields.items():
            if field.help_text and " / " in str(field.help_text):  # described() already
                continue
            source = field.source if field.source not in (None, "*") else name
            model_field = model._meta.get_field(source)
            field.help_text = described(model_field.verbose_name, GLOSSES[name])
        return fields


class PageLink(serializers.SerializerMethodField):
    """The record's page on the public portal, absolute."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", described("门户网页", "Page on the public portal"))
        super().__init__(**kwargs)

    def to_representation(self, value):
        request = self.context.get("request")
        path = value.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


extend_schema_field(OpenApiTypes.URI)(PageLink)


class DesignationSerializer(DescribedSerializer):
    class Meta:
        model = Designation
        fields = open_fields(Designation)


class ZoneSerializer(DescribedSerializer):
    designations = serializers.SerializerMethodField(
        help_text=described("称号与荣誉", "Designations and honours granted to the zone")
    )

    class Meta:
        model = ZoneProfile
        fields = open_fields(ZoneProfile, last=["designations"])

    @extend_schema_field(DesignationSerializer(many=True))
    def get_designations(self, profile):
        return DesignationSerializer(self.context["designations"], many=True).data


class IndicatorSerializer(DescribedSerializer):
    parent = serializers.SerializerMethodField()
    url = PageLink()

    class Meta:
        model = Indicator
        fields = open_fields(Indicator, last=["url"])

    @extend_schema_field({"type": "string", "nullable": True})
    def get_parent(self, indicator):
        parent = indicator.parent
        return parent.code if parent is not None and parent.is_published else None


class ObservationSerializer(DescribedSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    indicator_name = serializers.CharField(
        source="indicator.name", read_only=True, help_text=described("指标名称", "Indicator name")
    )
    unit = serializers.CharField(
        source="indicator.unit", read_only=True, help_text=described("计量单位", "Unit of measure")
    )

    class Meta:
        model = IndicatorValue
        fields = open_fields(
            IndicatorValue,
            first=["id"],
            after={"indicator": ["indicator_name"], "value": ["unit"]},
        )


class ProgressSerializer(DescribedSerializer):
    class Meta:
        model = ProjectProgress
        fields = open_fields(ProjectProgress, without=["project"])


PLATFORM_REF = {
    "type": "object",
    "nullable": True,
    "required": ["id", "name"],
    "properties": {
        "id": {"type": "integer", "description": described("平台编号", "Platform identifier")},
        "name": {"type": "string", "description": described("平台名称", "Platform name")},
    },
}


class ProjectSerializer(DescribedSerializer):
    platform = serializers.SerializerMethodField(
        help_text=described("入驻载体", "Innovation platform the project is hosted by")
    )
    # Kept by the database, blank until the project has progress: DRF would not allow blank.
    latest_stage = serializers.ChoiceField(
        choices=ProjectStage.choices,
        allow_blank=True,
        read_only=True,
        help_text=described("最新建设阶段", "Stage in the latest year of progress (blank: none)"),
    )
    progress = ProgressSerializer(
        many=True, read_only=True, help_text=described("项目年度进展", "Progress year by year")
    )
    url = PageLink()

    class Meta:
        model = Project
        fields = open_fields(
            Project, first=["id"], after={"latest_year": ["progress"]}, last=["url"]
        )

    @extend_schema_field(PLATFORM_REF)
    def get_platform(self, project):
        # Named only while the platform is published (ProjectQuerySet.with_public_platform).
        if not project.public_platform_name:
            return None
        return {"id": project.platform_id, "name": project.public_platform_name}


class PolicySerializer(DescribedSerializer):
    attachment = serializers.SerializerMethodField(
        help_text=described("附件", "Download address of the attachment, if any")
    )
    url = PageLink()

    class Meta:
        model = PolicyDocument
        fields = open_fields(PolicyDocument, first=["id"], last=["url"])

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_attachment(self, policy):
        if not policy.attachment:
            return None
        path = reverse("portal:policy_attachment", args=[policy.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PlatformSerializer(DescribedSerializer):
    url = PageLink()

    class Meta:
        model = InnovationPlatform
        fields = open_fields(InnovationPlatform, first=["id"], last=["url"])


class ReportSerializer(DescribedSerializer):
    url = PageLink()

    class Meta:
        model = WorkReport
        fields = open_fields(WorkReport, last=["url"], without=["closing"])


def id_list(chinese, english):
    return serializers.ListField(
        child=serializers.IntegerField(), help_text=described(chinese, english)
    )


class SectionSerializer(serializers.Serializer):
    order = serializers.IntegerField(help_text=described("顺序", "Order"))
    heading = serializers.CharField(help_text=described("标题", "Heading"))
    text = serializers.CharField(
        help_text=described(
            "正文(数字取自已发布数据,无法显示的为 —)",
            "Text, one paragraph a line, figures drawn from the published data (— where none)",
        )
    )
    figures = ObservationSerializer(
        many=True,
        help_text=described("本章引用的指标数值", "Observations of the section's indicators"),
    )
    projects = id_list("相关项目编号", "Identifiers of the projects the section names")
    policies = id_list("相关政策文件编号", "Identifiers of the policies the section names")
    platforms = id_list("相关创新平台编号", "Identifiers of the platforms the section names")


class ReportDetailSerializer(ReportSerializer):
    closing = serializers.SerializerMethodField(
        help_text=described("结束语", "Closing remarks, figures drawn from the published data")
    )
    sections = serializers.SerializerMethodField(
        help_text=described("报告章节", "Sections of the report")
    )

    class Meta(ReportSerializer.Meta):
        fields = [*ReportSerializer.Meta.fields, "closing", "sections"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_closing(self, report):
        return self.context["closing"]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, report):
        return SectionSerializer(self.context["sections"], many=True, context=self.context).data
