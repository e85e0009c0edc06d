"""Planned contacts (the next call, meeting or email), contact details you can tap, the
morning note and the private calendar feed. Nothing is lost: the old free-text contact stays,
relabelled "other contact details"."""


import clients.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("clients", "0017_french_catalogue_typography"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='client',
            name='email',
            field=models.EmailField(blank=True, max_length=254, verbose_name='email'),
        ),
        migrations.AddField(
            model_name='client',
            name='next_contact_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='next contact'),
        ),
        migrations.AddField(
            model_name='client',
            name='next_contact_kind',
            field=models.CharField(blank=True, choices=[('call', 'call'), ('meeting', 'meeting'), ('email', 'email')], editable=False, max_length=10, verbose_name='kind of the next contact'),
        ),
        migrations.AddField(
            model_name='client',
            name='next_contact_note',
            field=models.CharField(blank=True, editable=False, max_length=500, verbose_name='note on the next contact'),
        ),
        migrations.AddField(
            model_name='client',
            name='phone',
            field=models.CharField(blank=True, max_length=40, validators=[clients.models.validate_phone], verbose_name='phone'),
        ),
        migrations.AddField(
            model_name='client',
            name='website',
            field=models.URLField(blank=True, max_length=300, verbose_name='website'),
        ),
        migrations.AddField(
            model_name='consultantprofile',
            name='calendar_token',
            field=models.CharField(blank=True, editable=False, max_length=80, verbose_name='calendar feed key'),
        ),
        migrations.AddField(
            model_name='consultantprofile',
            name='digest_enabled',
            field=models.BooleanField(default=False, verbose_name='send me a morning note'),
        ),
        migrations.AddField(
            model_name='consultantprofile',
            name='digest_hour',
            field=models.PositiveSmallIntegerField(default=7, verbose_name='hour of the morning note'),
        ),
        migrations.AddField(
            model_name='consultantprofile',
            name='digest_sent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name='morning note last sent'),
        ),
        migrations.AlterField(
            model_name='client',
            name='contact',
            field=models.CharField(blank=True, max_length=200, verbose_name='other contact details'),
        ),
        migrations.AddIndex(
            model_name='client',
            index=models.Index(fields=['owner', 'archived', 'next_contact_at', 'name', 'id'], name='client_by_next_contact'),
        ),
        migrations.AddConstraint(
            model_name='client',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('next_contact_at__isnull', True), ('next_contact_kind', ''), ('next_contact_note', '')), models.Q(('next_contact_at__isnull', False), ('next_contact_kind__in', ['call', 'meeting', 'email'])), _connector='OR'), name='client_next_contact_whole'),
        ),
        migrations.AddConstraint(
            model_name='consultantprofile',
            constraint=models.CheckConstraint(condition=models.Q(('digest_hour__lte', 23)), name='profile_digest_hour_range', violation_error_message='The hour of the morning note is from 0 to 23.'),
        ),
    ]
