"""Investment projects and their progress year by year."""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    Versioned,
    ZoneDataQuerySet,
    non_negative,
    non_negative_constraint,
    publish_permission,
    year_range_constraint,
    year_validators,
)
from .platforms import InnovationPlatform


class Industry(models.TextChoices):
    BIOMEDICINE = "biomedicine", _("生物医药")
    AUTO_PARTS = "auto_parts", _("汽车零部件")
    ELECTRONICS = "electronics", _("电子信息")
    NEW_MATERIALS = "new_materials", _("新材料")
    NEW_ENERGY = "new_energy", _("新能源")
    EQUIPMENT = "equipment", _("高端装备制造")
    SERVICES = "services", _("服务业")
    OTHER = "other", _("其他")


class ProjectStage(models.TextChoices):
    SIGNED = "signed", _("签约")
    STARTED = "started", _("新开工")
    RESUMED = "resumed", _("复工")
    UNDER_CONSTRUCTION = "under_construction", _("在建")
    STRUCTURE_COMPLETED = "structure_completed", _("主体完工")
    TRIAL_OPERATION = "trial_operation", _("试运营")
    IN_OPERATION = "in_operation", _("投入运营")
    FULL_PRODUCTION = "full_production", _("达产运营")


class ProjectQuerySet(PublishableQuerySet):
    def with_public_platform(self):
        """Annotate each project with its platform's name, only while that platform is
        published: a public list must not name a draft or withdrawn record. A subquery, not a
        join, so that counting the projects leaves it out (a join to 20,000 platforms tripled
        the count of 200,000 projects)."""
        public = InnovationPlatform.objects.filter(
            pk=OuterRef("platform_id"), status=PublicationStatus.PUBLISHED
        )
        return self.annotate(
            public_platform_name=Coalesce(Subquery(public.values("name")[:1]), Value(""))
        )


class Project(Publishable):
    name = models.CharField(_("项目名称"), max_length=200)
    phase = models.CharField(_("期次"), max_length=50, blank=True, help_text=_("如 一期。"))
    industry = models.CharField(
        _("所属产业"), max_length=30, choices=Industry.choices, blank=True, db_index=True
    )
    investor = models.CharField(_("投资/建设单位"), max_length=200, blank=True)
    total_investment = models.DecimalField(
        _("总投资(亿元)"),
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        validators=non_negative,
    )
    platform = models.ForeignKey(
        InnovationPlatform,
        verbose_name=_("入驻载体"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    start_date = models.DateField(_("开工日期"), null=True, blank=True)
    completion_date = models.DateField(_("竣工/投产日期"), null=True, blank=True)
    summary = models.TextField(_("项目简介"), blank=True)
    is_key = models.BooleanField(_("重点项目"), default=False, db_index=True)
    # Kept by the database from the project's yearly progress, on every write path, bulk and
    # raw SQL included (the triggers of migration 0017_latest_progress); whatever a save
    # writes here is replaced. Counting 25,000 projects at their latest stage is then an index
    # count instead of an anti-join over every progress row (docs/benchmarks.md).
    latest_stage = models.CharField(
        _("最新建设阶段"),
        max_length=30,
        choices=ProjectStage.choices,
        blank=True,
        default="",
        editable=False,
        help_text=_("由数据库按最近一年的项目年度进展自动填写。"),
    )
    latest_year = models.PositiveSmallIntegerField(
        _("最新年度"),
        null=True,
        editable=False,
        help_text=_("由数据库按最近一年的项目年度进展自动填写。"),
    )

    objects = ProjectQuerySet.as_manager()

    natural_key_fields = ("name", "phase")
    # Kept by the database, not by people: neither in the history nor in a backup.
    derived_fields = ("latest_stage", "latest_year")
    history = HistoricalRecords(excluded_fields=list(derived_fields))
    # What open data's readers are told where the help text speaks to the editor.
    public_help = {
        "latest_stage": _("最近一年的项目年度进展所处的阶段。"),
        "latest_year": _("最近一条项目年度进展的年度。"),
    }
    searched_fields = ("name", "investor", "summary", "progress__progress")

    class Meta:
        verbose_name = _("投资项目")
        verbose_name_plural = _("投资项目")
        permissions = publish_permission("project", _("投资项目"))
        ordering = ["name", "phase"]
        # On PostgreSQL also project_by_investment (migration 0016; SQLite's indexes know no
        # NULLS LAST).
        indexes = [
            models.Index(fields=["status", "name", "phase"], name="project_list"),
            # The list filtered by latest stage: its count and its rows in name order.
            models.Index(fields=["status", "latest_stage", "name", "phase"], name="project_stage"),
            # The newest change among published rows (the API's Last-Modified, updatedAfter).
            models.Index(fields=["status", "updated_at"], name="project_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "phase"],
                name="project_unique_name_phase",
                violation_error_message=_("同名同期次的项目已存在。"),
            ),
            non_negative_constraint(
                "total_investment", "project_investment_non_negative", _("总投资")
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(completion_date__isnull=True)
                | Q(completion_date__gte=F("start_date")),
                name="project_completion_after_start",
                violation_error_message=_("竣工日期不能早于开工日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.name}{self.phase}" if self.phase else self.name

    def get_absolute_url(self):
        return reverse("portal:project_detail", args=[self.pk])


class ProjectProgress(Versioned):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="progress"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=year_validators)
    stage = models.CharField(_("建设阶段"), max_length=30, choices=ProjectStage.choices)
    progress = models.TextField(_("进展情况"), blank=True)

    objects = ZoneDataQuerySet.as_manager()

    natural_key_fields = ("project", "year")
    history = HistoricalRecords()
    published_with = "project"  # public while its project is (see rules.py)

    class Meta:
        verbose_name = _("项目年度进展")
        verbose_name_plural = _("项目年度进展")
        ordering = ["project", "-year"]
        indexes = [
            models.Index(fields=["year", "stage"], name="progress_year_stage"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year"],
                name="projectprogress_one_per_year",
                violation_error_message=_("该项目在这一年度已有进展记录。"),
            ),
            year_range_constraint("year", "projectprogress_year_range"),
        ]

    def __str__(self):
        return f"{self.project} {self.year} {self.get_stage_display()}"


# --- Policy documents ---------------------------------------------------------------------
