from django.core.management.base import BaseCommand, CommandError

from certification.services import incomes as income_services
from core.exceptions import ApplicationError


class Command(BaseCommand):
    help = (
        "Load World Bank country income classification files (CSV, one fiscal year each), "
        "oldest first. Loading a file again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def handle(self, *args, paths, **options):
        for path in paths:
            try:
                result = income_services.country_incomes_load(path=path)
            except ApplicationError as error:
                raise CommandError(error.message) from error
            self.stdout.write(result.summary())
