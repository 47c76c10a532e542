"""A project invitation records who accepted it, as a department invitation does. The
invitations accepted before are given the account whose e-mail address they were sent to
(the acceptance required that address), when it still exists."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower


def accepted_by_the_addressee(apps, schema_editor):
    ProjectInvitation = apps.get_model("cooperation", "ProjectInvitation")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    addressee = User.objects.annotate(address=Lower("email")).filter(
        address=Lower(OuterRef("email"))
    )
    ProjectInvitation.objects.filter(accepted_at__isnull=False, accepted_by__isnull=True).update(
        accepted_by=Subquery(addressee.values("pk")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0004_cooperationproject_project_public_order_idx_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="projectinvitation",
            name="accepted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(accepted_by_the_addressee, migrations.RunPython.noop),
    ]
