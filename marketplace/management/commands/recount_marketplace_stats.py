from django.core.management.base import BaseCommand, CommandError

from marketplace.services import stats


class Command(BaseCommand):
    help = (
        "Recount every job's live bids and every provider's completed jobs and ratings from the "
        "jobs, bids and reviews themselves, and compare with the kept counts; --fix writes the "
        "recount."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="Write the recounted values.")

    def handle(self, *args, fix=False, **options):
        differences = stats.stats_differences()
        for difference in differences:
            self.stdout.write(str(difference))
        if not differences:
            self.stdout.write("The kept counts match a recount.")
        elif fix:
            stats.stats_rebuild()
            self.stdout.write(f"Rewrote the counts ({len(differences)} differed).")
        else:
            raise CommandError(f"{len(differences)} kept counts differ; rerun with --fix.")
