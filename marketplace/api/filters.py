import django_filters
from django import forms

from accounts.models import Organization
from marketplace import selectors
from marketplace.models import BudgetType, Category, Currency, Job

AMOUNT = {"min_value": 0, "max_digits": 12, "decimal_places": 2}


class JobFilterForm(forms.Form):
    """Refuses to compare budgets across currencies or budget types, as the web page does."""

    def clean(self):
        cleaned = super().clean()
        refusal = selectors.budget_comparison_refusal(
            currency=cleaned.get("currency") or "",
            budget_type=cleaned.get("budget_type") or "",
            budget_from=cleaned.get("budget_from"),
            budget_to=cleaned.get("budget_to"),
            sort=cleaned.get("sort") or "",
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned


class JobFilter(django_filters.FilterSet):
    """The job list's search, filters and sort, as on the web page (the selector applies them)."""

    q = django_filters.CharFilter(label="Full-text search over title, description and skills")
    category = django_filters.ChoiceFilter(choices=Category.choices)
    currency = django_filters.ChoiceFilter(choices=Currency.choices)
    budget_type = django_filters.ChoiceFilter(choices=BudgetType.choices)
    budget_from = django_filters.NumberFilter(label="Budget reaches at least this amount", **AMOUNT)
    budget_to = django_filters.NumberFilter(label="Budget starts at most at this amount", **AMOUNT)
    posted_within_days = django_filters.ChoiceFilter(
        choices=[("1", "1"), ("7", "7"), ("30", "30")], label="Published in the last N days"
    )
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in selectors.JOB_SORTS], empty_label=None
    )

    class Meta:
        model = Job
        fields = []
        form = JobFilterForm

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        days = data.get("posted_within_days")
        return selectors.job_list(
            user=self.request.user,
            q=data.get("q") or "",
            category=data.get("category") or "",
            currency=data.get("currency") or "",
            budget_type=data.get("budget_type") or "",
            budget_from=data.get("budget_from"),
            budget_to=data.get("budget_to"),
            posted_within_days=int(days) if days else None,
            sort=data.get("sort") or "newest",
        )


class ProviderFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(label="ISO 3166 alpha-2 country code")
    category = django_filters.ChoiceFilter(choices=Category.choices, label="Category of past work")
    min_rating = django_filters.NumberFilter(
        label="Average rating at least", min_value=1, max_value=5, max_digits=3, decimal_places=2
    )
    label = django_filters.ChoiceFilter(
        choices=[(value, value) for value in selectors.LABEL_FILTERS],
        label="certified (active or expiring), a label status, or none",
    )

    class Meta:
        model = Organization
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.provider_directory(
            country=(data.get("country") or "").upper(),
            category=data.get("category") or "",
            min_rating=data.get("min_rating"),
            label=data.get("label") or "",
        )
