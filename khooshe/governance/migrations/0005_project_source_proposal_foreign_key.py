"""``Project.source_proposal_id`` (a plain id) becomes the foreign key ``source_proposal`` to
``proposals.Proposal``, keeping the column and every link that points at a proposal; ids that
point at no proposal become NULL first (the foreign key constraint would refuse them).

The column keeps its name, so the steps are: name the column explicitly, rename the field,
turn it into the foreign key (PostgreSQL adds the constraint, SQLite rebuilds the table with
the data), and move the uniqueness into a named constraint. Reversible: backwards, the key
turns back into a plain id (the NULLed dangling ids stay NULL)."""

import django.db.models.deletion
from django.db import migrations, models


def forget_links_to_missing_proposals(apps, schema_editor):
    Project = apps.get_model("governance", "Project")
    Proposal = apps.get_model("proposals", "Proposal")
    Project.objects.filter(source_proposal_id__isnull=False).exclude(
        source_proposal_id__in=Proposal.objects.values("pk")
    ).update(source_proposal_id=None)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_reminder_history"),
        ("proposals", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_links_to_missing_proposals, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="project",
            name="source_proposal_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, unique=True, db_column="source_proposal_id"
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="source_proposal_id",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, db_index=True, db_column="source_proposal_id"
            ),
        ),
        migrations.RenameField(
            model_name="project", old_name="source_proposal_id", new_name="source_proposal"
        ),
        migrations.RenameField(
            model_name="historicalproject",
            old_name="source_proposal_id",
            new_name="source_proposal",
        ),
        migrations.AlterField(
            model_name="project",
            name="source_proposal",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="projects",
                to="proposals.proposal",
                verbose_name="طرح پیشنهادی مبدأ",
            ),
        ),
        migrations.AlterField(
            model_name="historicalproject",
            name="source_proposal",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="proposals.proposal",
                verbose_name="طرح پیشنهادی مبدأ",
            ),
        ),
        migrations.AddConstraint(
            model_name="project",
            constraint=models.UniqueConstraint(
                fields=("source_proposal",), name="project_one_per_proposal"
            ),
        ),
    ]
