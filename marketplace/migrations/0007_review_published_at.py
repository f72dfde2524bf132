from django.db import migrations, models
from django.db.models import F


def publish_existing_reviews(apps, schema_editor):
    # Reviews written before reviews were sealed were published when written.
    apps.get_model("marketplace", "Review").objects.update(published_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0006_files_on_jobs_bids_and_deliveries")]

    operations = [
        migrations.AddField(
            model_name="review",
            name="published_at",
            field=models.DateTimeField(db_index=True, null=True),
        ),
        migrations.RunPython(publish_existing_reviews, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="review",
            name="published_at",
            field=models.DateTimeField(db_index=True),
        ),
    ]
