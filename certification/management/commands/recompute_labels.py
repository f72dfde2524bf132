from datetime import date

from django.core.management.base import BaseCommand, CommandError

from certification.services import recompute as recompute_services


class Command(BaseCommand):
    help = (
        "Do now exactly what the nightly task does: bring every current label in line with "
        "its dates, data and evidence, and remind owners of labels ending soon and of "
        "verified evidence lapsing soon."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="judge as if today were this date (YYYY-MM-DD); default: today"
        )

    def handle(self, *args, today, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: {today!r} is not a date such as 2026-07-01.") from error
        self.stdout.write(
            recompute_services.labels_nightly(today=day, task="manage.py recompute_labels")
        )
