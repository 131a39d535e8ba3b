# Guidance belongs to a partner organisation (issue 15, finding 4). The seeded rows become the
# shared starting set (no organisation); every version a manager saved moves to that manager's
# organisation, so no organisation keeps editing or reading another's words.

from django.conf import settings
from django.db import migrations, models


def assign_edits(apps, schema_editor):
    from paramount import config

    GuidanceSection = apps.get_model("guidance", "GuidanceSection")
    Membership = apps.get_model("access", "Membership")
    organisation_of = dict(Membership.objects.values_list("user_id", "organisation"))
    # An editor whose membership has gone (or names no organisation) worked for the partner
    # the service refers families to: the only organisation that could edit guidance before.
    fallback = config.current().referral.partner_organisation
    for section in GuidanceSection.objects.filter(edited_by__isnull=False):
        section.organisation = organisation_of.get(section.edited_by_id) or fallback
        section.save(update_fields=["organisation"])


def share_everything(apps, schema_editor):
    GuidanceSection = apps.get_model("guidance", "GuidanceSection")
    GuidanceSection.objects.update(organisation="")


class Migration(migrations.Migration):

    dependencies = [
        ('guidance', '0002_seed_sections'),
        ('access', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='guidancesection',
            name='one_row_per_section_version',
        ),
        migrations.AddField(
            model_name='guidancesection',
            name='organisation',
            field=models.CharField(blank=True, db_index=True, help_text='The partner organisation whose guidance this is; empty for the shared starting set.', max_length=255),
        ),
        migrations.RunPython(assign_edits, share_everything),
        migrations.AddConstraint(
            model_name='guidancesection',
            constraint=models.UniqueConstraint(fields=('organisation', 'key', 'version'), name='one_row_per_organisation_section_version'),
        ),
        migrations.AddConstraint(
            model_name='guidancesection',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('organisation', ''), _negated=True), ('edited_by__isnull', True), _connector='OR'), name='shared_guidance_is_seeded_only'),
        ),
    ]
