from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from certification.services.reviewers import REVIEWER_GROUP_NAME
from demo import accounts as accounts_demo
from demo import certification as certification_demo
from demo import contracts as contracts_demo
from demo import conversations as conversations_demo
from demo import impact as impact_demo
from demo import marketplace as marketplace_demo


class Command(BaseCommand):
    help = "Create or refresh the demo data and print the demo log-ins. Safe to run again."

    def handle(self, *args, **options):
        if settings.DJANGO_ENV == "production":
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        with transaction.atomic():
            users = accounts_demo.seed()
            jobs = marketplace_demo.seed(users)
            certification_demo.seed(users)
            conversations = conversations_demo.seed(users)
            contracts = contracts_demo.seed(users)
            completed = impact_demo.seed(users)
        self.stdout.write(f"Marketplace: {jobs} demo jobs in every state.")
        self.stdout.write("Certification: applications in every state, labels in every status.")
        self.stdout.write(f"Conversations: {conversations} with messages and files.")
        self.stdout.write(f"Contracts: {contracts} in progress, a first milestone funded.")
        self.stdout.write(
            f"Impact: {completed} of the buyer's contracts completed, with premiums in USD and "
            "EUR; premium uses reported; /impact/ computed."
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data is ready. Log in with password '{accounts_demo.DEMO_PASSWORD}':"
            )
        )
        for email, description in [
            ("buyer@demo.fairbid.test", "buyer (Northwind Analytics Ltd)"),
            ("provider@demo.fairbid.test", "provider owner (Kampala Data Works Ltd, Uganda)"),
            ("reviewer@demo.fairbid.test", f"staff reviewer ({REVIEWER_GROUP_NAME})"),
            ("finance@demo.fairbid.test", "staff, Finance (records transfers in admin)"),
            ("mediator@demo.fairbid.test", "staff, Mediators (decides disputes in admin)"),
            ("admin@demo.fairbid.test", "superuser"),
        ]:
            self.stdout.write(f"  {email:<32} {description}")
