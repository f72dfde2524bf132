from datetime import date

from django.core.management.base import BaseCommand, CommandError

from certification.services import recompute as recompute_services


class Command(BaseCommand):
    help = "Re-evaluate labels now, as the nightly task does, and print what changed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help="judge as if today were this date (YYYY-MM-DD); default: today"
        )
        parser.add_argument(
            "--organization",
            type=int,
            action="append",
            dest="organization_ids",
            help="only this organization's label (id); may be repeated",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, today, organization_ids, batch_size, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today: {today!r} is not a date such as 2026-07-01.") from error
        summary = recompute_services.labels_recompute(
            today=day,
            organization_ids=organization_ids,
            batch_size=batch_size,
            task="manage.py recompute_labels",
        )
        self.stdout.write(str(summary))
