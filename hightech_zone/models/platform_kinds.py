"""The kinds and levels of innovation platforms: the platforms have them, and the indicators
that count platforms name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformKind(models.TextChoices):
    INCUBATOR = "incubator", _("创业服务中心/孵化器")
    MAKERSPACE = "makerspace", _("众创空间")
    PRODUCTIVITY_CENTER = "productivity_center", _("生产力促进中心")
    TESTING_CENTER = "testing_center", _("检验检测中心及实验室")
    ALLIANCE = "alliance", _("产业技术创新战略联盟")
    ENGINEERING_CENTER = "engineering_center", _("工程技术研究中心")
    KEY_LAB = "key_lab", _("重点实验室")
    ENTERPRISE_TECH_CENTER = "enterprise_tech_center", _("企业技术中心")
    UNIVERSITY_PARK = "university_park", _("大学科技园")
    SCI_TECH_FINANCE = "sci_tech_finance", _("科技金融服务中心")
    OTHER = "other", _("其他")


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    DISTRICT = "district", _("区级")
