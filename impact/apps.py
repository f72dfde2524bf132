from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImpactConfig(AppConfig):
    name = "impact"
    verbose_name = _("Impact")

    def ready(self):
        # Impact adds to the pages of the apps below it through the hooks they offer.
        from certification import extensions as label_pages
        from impact import premiums, reputation
        from marketplace import extensions as provider_pages

        label_pages.register_label_section(
            template="impact/_label_premiums.html", context=premiums.label_premium_section
        )
        label_pages.register_finding_source(premiums.unreported_findings)
        provider_pages.register_provider_facts(
            template="impact/_reputation.html",
            compact_template="impact/_reputation_compact.html",
            for_organizations=reputation.reputations_for,
        )
