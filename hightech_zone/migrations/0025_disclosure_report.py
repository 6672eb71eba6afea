"""The 政府信息公开工作年度报告 and its part 三 rows; the roles get them as they have the
work report: 编辑 drafts, 审核发布 publishes, 只读 reads."""

import django.core.validators
import django.db.models.deletion
import django.db.models.expressions
import django.utils.timezone
import simple_history.models
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

from . import _roles


MODELS = ["disclosurereport", "disclosurerequestrow"]
GRANTS = {
    "编辑": [f"{action}_{m}" for m in MODELS for action in ("view", "add", "change")],
    "审核发布": [
        *(f"{action}_{m}" for m in MODELS for action in ("view", "add", "change", "delete")),
        "publish_disclosurereport",
    ],
    "只读": [f"view_{m}" for m in MODELS],
}


def grant(apps, schema_editor):
    _roles.grant(apps, GRANTS)


def revoke(apps, schema_editor):
    _roles.revoke(apps, GRANTS)


class Migration(migrations.Migration):

    dependencies = [
        ('hightech_zone', '0024_error_reports'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='DisclosureReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='版本')),
                ('status', models.CharField(choices=[('draft', '草稿'), ('published', '已发布'), ('withdrawn', '已撤回')], db_index=True, default='draft', max_length=20, verbose_name='发布状态')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='发布时间')),
                ('withdrawn_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='撤回时间')),
                ('withdrawn_reason', models.TextField(blank=True, help_text='撤回时必须填写,公众页面会显示。', verbose_name='撤回理由')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='更新时间')),
                ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(1949), django.core.validators.MaxValueValidator(2100)], verbose_name='报告年度')),
                ('title', models.CharField(max_length=200, verbose_name='标题')),
                ('issuing_body', models.CharField(max_length=200, verbose_name='发布机关')),
                ('issued_on', models.DateField(blank=True, null=True, verbose_name='发布日期')),
                ('overview', models.TextField(blank=True, help_text='每段一行。', verbose_name='一、总体情况')),
                ('licensing_decisions', models.PositiveIntegerField(default=0, verbose_name='行政许可本年处理决定数量')),
                ('penalty_decisions', models.PositiveIntegerField(default=0, verbose_name='行政处罚本年处理决定数量')),
                ('coercion_decisions', models.PositiveIntegerField(default=0, verbose_name='行政强制本年处理决定数量')),
                ('fees_wan', models.DecimalField(decimal_places=4, default=0, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='行政事业性收费本年收费金额(万元)')),
                ('review_upheld', models.PositiveIntegerField(default=0, verbose_name='行政复议:结果维持')),
                ('review_corrected', models.PositiveIntegerField(default=0, verbose_name='行政复议:结果纠正')),
                ('review_other', models.PositiveIntegerField(default=0, verbose_name='行政复议:其他结果')),
                ('review_pending', models.PositiveIntegerField(default=0, verbose_name='行政复议:尚未审结')),
                ('review_total', models.PositiveIntegerField(default=0, verbose_name='行政复议:总计')),
                ('suit_direct_upheld', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:结果维持')),
                ('suit_direct_corrected', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:结果纠正')),
                ('suit_direct_other', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:其他结果')),
                ('suit_direct_pending', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:尚未审结')),
                ('suit_direct_total', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:总计')),
                ('suit_after_review_upheld', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:结果维持')),
                ('suit_after_review_corrected', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:结果纠正')),
                ('suit_after_review_other', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:其他结果')),
                ('suit_after_review_pending', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:尚未审结')),
                ('suit_after_review_total', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:总计')),
                ('problems', models.TextField(blank=True, verbose_name='五、存在的主要问题及改进情况')),
                ('other_matters', models.TextField(blank=True, verbose_name='六、其他需要报告的事项')),
                ('published_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发布人')),
            ],
            options={
                'verbose_name': '政府信息公开工作年度报告',
                'verbose_name_plural': '政府信息公开工作年度报告',
                'ordering': ['-year'],
                'permissions': [('publish_disclosurereport', '可以发布、撤回政府信息公开工作年度报告')],
            },
        ),
        migrations.CreateModel(
            name='DisclosureRequestRow',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='版本')),
                ('row', models.CharField(choices=[('new', '一、本年新收政府信息公开申请数量'), ('carried_over', '二、上年结转政府信息公开申请数量'), ('disclosed', '（一）予以公开'), ('partly', '（二）部分公开（区分处理的,只计这一情形,不计其他情形）'), ('secret', '（三）不予公开 1.属于国家秘密'), ('forbidden', '（三）不予公开 2.其他法律行政法规禁止公开'), ('security', '（三）不予公开 3.危及“三安全一稳定”'), ('third_party', '（三）不予公开 4.保护第三方合法权益'), ('internal', '（三）不予公开 5.属于三类内部事务信息'), ('process', '（三）不予公开 6.属于四类过程性信息'), ('enforcement_file', '（三）不予公开 7.属于行政执法案卷'), ('query', '（三）不予公开 8.属于行政查询事项'), ('not_held', '（四）无法提供 1.本机关不掌握相关政府信息'), ('needs_making', '（四）无法提供 2.没有现成信息需要另行制作'), ('still_unclear', '（四）无法提供 3.补正后申请内容仍不明确'), ('petition', '（五）不予处理 1.信访举报投诉类申请'), ('repeated', '（五）不予处理 2.重复申请'), ('publication', '（五）不予处理 3.要求提供公开出版物'), ('mass', '（五）不予处理 4.无正当理由大量反复申请'), ('confirmation', '（五）不予处理 5.要求行政机关确认或重新出具已获取信息'), ('not_corrected', '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'), ('not_paid', '（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'), ('other', '（六）其他处理 3.其他'), ('carry_forward', '四、结转下年度继续办理')], max_length=20, verbose_name='项目')),
                ('natural_person', models.PositiveIntegerField(default=0, verbose_name='自然人')),
                ('commercial', models.PositiveIntegerField(default=0, verbose_name='商业企业')),
                ('research', models.PositiveIntegerField(default=0, verbose_name='科研机构')),
                ('public_interest', models.PositiveIntegerField(default=0, verbose_name='社会公益组织')),
                ('legal_service', models.PositiveIntegerField(default=0, verbose_name='法律服务机构')),
                ('other', models.PositiveIntegerField(default=0, verbose_name='其他')),
                ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='request_rows', to='hightech_zone.disclosurereport', verbose_name='年度报告')),
            ],
            options={
                'verbose_name': '信息公开申请情况',
                'verbose_name_plural': '信息公开申请情况',
                'ordering': ['report', 'row'],
            },
        ),
        migrations.CreateModel(
            name='HistoricalDisclosureReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='版本')),
                ('status', models.CharField(choices=[('draft', '草稿'), ('published', '已发布'), ('withdrawn', '已撤回')], db_index=True, default='draft', max_length=20, verbose_name='发布状态')),
                ('published_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='发布时间')),
                ('withdrawn_at', models.DateTimeField(blank=True, editable=False, null=True, verbose_name='撤回时间')),
                ('withdrawn_reason', models.TextField(blank=True, help_text='撤回时必须填写,公众页面会显示。', verbose_name='撤回理由')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='创建时间')),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='更新时间')),
                ('year', models.PositiveSmallIntegerField(db_index=True, validators=[django.core.validators.MinValueValidator(1949), django.core.validators.MaxValueValidator(2100)], verbose_name='报告年度')),
                ('title', models.CharField(max_length=200, verbose_name='标题')),
                ('issuing_body', models.CharField(max_length=200, verbose_name='发布机关')),
                ('issued_on', models.DateField(blank=True, null=True, verbose_name='发布日期')),
                ('overview', models.TextField(blank=True, help_text='每段一行。', verbose_name='一、总体情况')),
                ('licensing_decisions', models.PositiveIntegerField(default=0, verbose_name='行政许可本年处理决定数量')),
                ('penalty_decisions', models.PositiveIntegerField(default=0, verbose_name='行政处罚本年处理决定数量')),
                ('coercion_decisions', models.PositiveIntegerField(default=0, verbose_name='行政强制本年处理决定数量')),
                ('fees_wan', models.DecimalField(decimal_places=4, default=0, max_digits=14, validators=[django.core.validators.MinValueValidator(Decimal('0'))], verbose_name='行政事业性收费本年收费金额(万元)')),
                ('review_upheld', models.PositiveIntegerField(default=0, verbose_name='行政复议:结果维持')),
                ('review_corrected', models.PositiveIntegerField(default=0, verbose_name='行政复议:结果纠正')),
                ('review_other', models.PositiveIntegerField(default=0, verbose_name='行政复议:其他结果')),
                ('review_pending', models.PositiveIntegerField(default=0, verbose_name='行政复议:尚未审结')),
                ('review_total', models.PositiveIntegerField(default=0, verbose_name='行政复议:总计')),
                ('suit_direct_upheld', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:结果维持')),
                ('suit_direct_corrected', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:结果纠正')),
                ('suit_direct_other', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:其他结果')),
                ('suit_direct_pending', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:尚未审结')),
                ('suit_direct_total', models.PositiveIntegerField(default=0, verbose_name='未经复议直接起诉:总计')),
                ('suit_after_review_upheld', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:结果维持')),
                ('suit_after_review_corrected', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:结果纠正')),
                ('suit_after_review_other', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:其他结果')),
                ('suit_after_review_pending', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:尚未审结')),
                ('suit_after_review_total', models.PositiveIntegerField(default=0, verbose_name='复议后起诉:总计')),
                ('problems', models.TextField(blank=True, verbose_name='五、存在的主要问题及改进情况')),
                ('other_matters', models.TextField(blank=True, verbose_name='六、其他需要报告的事项')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('published_by', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='发布人')),
            ],
            options={
                'verbose_name': 'historical 政府信息公开工作年度报告',
                'verbose_name_plural': 'historical 政府信息公开工作年度报告',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalDisclosureRequestRow',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('version', models.PositiveIntegerField(default=1, editable=False, verbose_name='版本')),
                ('row', models.CharField(choices=[('new', '一、本年新收政府信息公开申请数量'), ('carried_over', '二、上年结转政府信息公开申请数量'), ('disclosed', '（一）予以公开'), ('partly', '（二）部分公开（区分处理的,只计这一情形,不计其他情形）'), ('secret', '（三）不予公开 1.属于国家秘密'), ('forbidden', '（三）不予公开 2.其他法律行政法规禁止公开'), ('security', '（三）不予公开 3.危及“三安全一稳定”'), ('third_party', '（三）不予公开 4.保护第三方合法权益'), ('internal', '（三）不予公开 5.属于三类内部事务信息'), ('process', '（三）不予公开 6.属于四类过程性信息'), ('enforcement_file', '（三）不予公开 7.属于行政执法案卷'), ('query', '（三）不予公开 8.属于行政查询事项'), ('not_held', '（四）无法提供 1.本机关不掌握相关政府信息'), ('needs_making', '（四）无法提供 2.没有现成信息需要另行制作'), ('still_unclear', '（四）无法提供 3.补正后申请内容仍不明确'), ('petition', '（五）不予处理 1.信访举报投诉类申请'), ('repeated', '（五）不予处理 2.重复申请'), ('publication', '（五）不予处理 3.要求提供公开出版物'), ('mass', '（五）不予处理 4.无正当理由大量反复申请'), ('confirmation', '（五）不予处理 5.要求行政机关确认或重新出具已获取信息'), ('not_corrected', '（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请'), ('not_paid', '（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请'), ('other', '（六）其他处理 3.其他'), ('carry_forward', '四、结转下年度继续办理')], max_length=20, verbose_name='项目')),
                ('natural_person', models.PositiveIntegerField(default=0, verbose_name='自然人')),
                ('commercial', models.PositiveIntegerField(default=0, verbose_name='商业企业')),
                ('research', models.PositiveIntegerField(default=0, verbose_name='科研机构')),
                ('public_interest', models.PositiveIntegerField(default=0, verbose_name='社会公益组织')),
                ('legal_service', models.PositiveIntegerField(default=0, verbose_name='法律服务机构')),
                ('other', models.PositiveIntegerField(default=0, verbose_name='其他')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('report', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='hightech_zone.disclosurereport', verbose_name='年度报告')),
            ],
            options={
                'verbose_name': 'historical 信息公开申请情况',
                'verbose_name_plural': 'historical 信息公开申请情况',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddConstraint(
            model_name='disclosurereport',
            constraint=models.CheckConstraint(condition=models.Q(('year__isnull', True), models.Q(('year__gte', 1949), ('year__lte', 2100)), _connector='OR'), name='disclosure_year_range', violation_error_message='年份必须在1949年至2100年之间。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurereport',
            constraint=models.CheckConstraint(condition=models.Q(('fees_wan__isnull', True), ('fees_wan__gte', 0), _connector='OR'), name='disclosure_fees_non_negative', violation_error_message='收费金额不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurereport',
            constraint=models.CheckConstraint(condition=models.Q(('review_total', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('review_upheld'), '+', models.F('review_corrected')), '+', models.F('review_other')), '+', models.F('review_pending')))), name='disclosure_review_total', violation_error_message='行政复议的总计必须等于结果维持、结果纠正、其他结果与尚未审结之和。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurereport',
            constraint=models.CheckConstraint(condition=models.Q(('suit_direct_total', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('suit_direct_upheld'), '+', models.F('suit_direct_corrected')), '+', models.F('suit_direct_other')), '+', models.F('suit_direct_pending')))), name='disclosure_suit_direct_total', violation_error_message='行政诉讼(未经复议直接起诉)的总计必须等于结果维持、结果纠正、其他结果与尚未审结之和。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurereport',
            constraint=models.CheckConstraint(condition=models.Q(('suit_after_review_total', django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(django.db.models.expressions.CombinedExpression(models.F('suit_after_review_upheld'), '+', models.F('suit_after_review_corrected')), '+', models.F('suit_after_review_other')), '+', models.F('suit_after_review_pending')))), name='disclosure_suit_after_review_total', violation_error_message='行政诉讼(复议后起诉)的总计必须等于结果维持、结果纠正、其他结果与尚未审结之和。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.UniqueConstraint(fields=('report', 'row'), name='disclosure_unique_row', violation_error_message='同一报告中每个项目只能填写一行。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.CheckConstraint(condition=models.Q(('natural_person__gte', 0)), name='disclosure_row_natural_person_non_negative', violation_error_message='申请数量不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.CheckConstraint(condition=models.Q(('commercial__gte', 0)), name='disclosure_row_commercial_non_negative', violation_error_message='申请数量不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.CheckConstraint(condition=models.Q(('research__gte', 0)), name='disclosure_row_research_non_negative', violation_error_message='申请数量不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.CheckConstraint(condition=models.Q(('public_interest__gte', 0)), name='disclosure_row_public_interest_non_negative', violation_error_message='申请数量不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.CheckConstraint(condition=models.Q(('legal_service__gte', 0)), name='disclosure_row_legal_service_non_negative', violation_error_message='申请数量不能为负数。'),
        ),
        migrations.AddConstraint(
            model_name='disclosurerequestrow',
            constraint=models.CheckConstraint(condition=models.Q(('other__gte', 0)), name='disclosure_row_other_non_negative', violation_error_message='申请数量不能为负数。'),
        ),
        migrations.RunPython(grant, revoke),
    ]
