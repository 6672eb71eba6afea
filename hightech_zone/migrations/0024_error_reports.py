"""我为政府网站找错: visitors' error reports; 编辑 and 审核发布 answer them, 只读 reads them."""

import django.core.validators
import django.db.models.deletion
import django.db.models.functions.text
import django.db.models.lookups
import django.utils.timezone
import hightech_zone.models.error_reports
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from . import _roles

GRANTS = {
    "编辑": ["view_errorreport", "change_errorreport"],
    "审核发布": ["view_errorreport", "change_errorreport", "delete_errorreport"],
    "只读": ["view_errorreport"],
}


def grant(apps, schema_editor):
    _roles.grant(apps, GRANTS)


def revoke(apps, schema_editor):
    _roles.revoke(apps, GRANTS)


class Migration(migrations.Migration):

    dependencies = [
        ('hightech_zone', '0023_site_check'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalErrorReport',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('page', models.CharField(max_length=500, validators=[hightech_zone.models.error_reports.validate_page], verbose_name='页面地址')),
                ('description', models.TextField(max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000), hightech_zone.models.error_reports.validate_plain_text], verbose_name='问题描述')),
                ('contact', models.CharField(blank=True, help_text='电话或电子邮箱,选填。', max_length=100, validators=[hightech_zone.models.error_reports.validate_contact], verbose_name='联系方式')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='提交时间')),
                ('state', models.CharField(choices=[('open', '待处理'), ('answered', '已答复'), ('closed', '已关闭')], db_index=True, default='open', max_length=20, verbose_name='状态')),
                ('answer', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='答复内容')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='关闭时间')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('answered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                ('closed_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='关闭人')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical 网站纠错',
                'verbose_name_plural': 'historical 网站纠错',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ErrorReport',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('page', models.CharField(max_length=500, validators=[hightech_zone.models.error_reports.validate_page], verbose_name='页面地址')),
                ('description', models.TextField(max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000), hightech_zone.models.error_reports.validate_plain_text], verbose_name='问题描述')),
                ('contact', models.CharField(blank=True, help_text='电话或电子邮箱,选填。', max_length=100, validators=[hightech_zone.models.error_reports.validate_contact], verbose_name='联系方式')),
                ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='提交时间')),
                ('state', models.CharField(choices=[('open', '待处理'), ('answered', '已答复'), ('closed', '已关闭')], db_index=True, default='open', max_length=20, verbose_name='状态')),
                ('answer', models.TextField(blank=True, max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)], verbose_name='答复内容')),
                ('answered_at', models.DateTimeField(blank=True, null=True, verbose_name='答复时间')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='关闭时间')),
                ('answered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='答复人')),
                ('closed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='关闭人')),
            ],
            options={
                'verbose_name': '网站纠错',
                'verbose_name_plural': '网站纠错',
                'ordering': ['-created_at'],
                'constraints': [models.CheckConstraint(condition=models.Q(('page__startswith', '/'), models.Q(('page__startswith', '//'), _negated=True)), name='errorreport_page_on_this_site', violation_error_message='页面地址应为本网站的页面路径(以 / 开头)。'), models.CheckConstraint(condition=models.Q(django.db.models.lookups.GreaterThanOrEqual(django.db.models.functions.text.Length('description'), 5), django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('description'), 2000)), name='errorreport_description_length', violation_error_message='问题描述的长度不合要求。'), models.CheckConstraint(condition=models.Q(models.Q(('answer', ''), ('answered_at__isnull', True), ('state', 'open')), models.Q(models.Q(('state', 'open'), _negated=True), ('answered_at__isnull', False), models.Q(('answer', ''), _negated=True)), _connector='OR'), name='errorreport_answered_has_answer', violation_error_message='已答复或已关闭的纠错必须有答复内容和答复时间。'), models.CheckConstraint(condition=models.Q(models.Q(('closed_at__isnull', False), ('state', 'closed')), models.Q(models.Q(('state', 'closed'), _negated=True), ('closed_at__isnull', True)), _connector='OR'), name='errorreport_closed_has_time', violation_error_message='已关闭的纠错必须有关闭时间,未关闭的不能有。'), models.CheckConstraint(condition=models.Q(('answered_at__isnull', True), ('answered_at__gte', models.F('created_at')), _connector='OR'), name='errorreport_answered_after_created', violation_error_message='答复时间不能早于提交时间。')],
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
