from django.db import migrations


class Migration(migrations.Migration):
    """Notifications moved to the notifications app: its table is renamed, data kept."""

    dependencies = [
        ("marketplace", "0003_label_notification_kinds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable("notification", "notifications_notification"),
            ],
            state_operations=[migrations.DeleteModel("Notification")],
        ),
    ]
