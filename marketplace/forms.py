from django import forms
from django.utils.translation import gettext_lazy as _

from files.forms import MultipleFileField
from marketplace.models import MAX_WEEKLY_HOURS, BudgetType, Category, Currency, Job, Review
from marketplace.selectors import BID_SORTS, JOB_SORTS, budget_comparison_refusal
from marketplace.services.jobs import JOB_FIELDS


class JobForm(forms.ModelForm):
    class Meta:
        model = Job
        fields = list(JOB_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "bid_deadline": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "delivery_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget_type": forms.RadioSelect,
        }
        # The model's fields named without a verbose name, labelled here in every language.
        labels = {
            "title": _("Title"),
            "description": _("Description"),
            "category": _("Category"),
            "budget_type": _("Budget type"),
            "currency": _("Currency"),
            "bid_deadline": _("Bid deadline"),
            "visibility": _("Visibility"),
        }
        help_texts = {
            "budget_min": _("For a fixed price, the price. For an hourly rate, the lowest rate."),
            "budget_max": _("For an hourly rate, the highest rate. Leave empty for a fixed price."),
            "bid_deadline": _("In UTC. Bids close at this moment."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_max"].required = False
        self.fields["bid_deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("budget_type") == BudgetType.FIXED or cleaned.get("budget_max") is None:
            cleaned["budget_max"] = cleaned.get("budget_min")
        return cleaned


class JobFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    category = forms.ChoiceField(
        choices=[("", _("Any category")), *Category.choices], required=False
    )
    currency = forms.ChoiceField(
        choices=[("", _("Any currency")), *Currency.choices], required=False
    )
    budget_type = forms.ChoiceField(
        label=_("Budget type"),
        choices=[("", _("Fixed price or hourly")), *BudgetType.choices],
        required=False,
    )
    budget_from = forms.DecimalField(
        label=_("Budget from"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    budget_to = forms.DecimalField(
        label=_("Budget up to"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    posted_within = forms.TypedChoiceField(
        label=_("Posted within"),
        choices=[
            ("", _("Any time")),
            ("1", _("Last 24 hours")),
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
        ],
        coerce=int,
        empty_value=None,
        required=False,
    )
    sort = forms.ChoiceField(
        choices=[
            ("newest", _("Newest")),
            ("budget_high", _("Highest budget")),
            ("budget_low", _("Lowest budget")),
            ("deadline", _("Deadline soonest")),
        ],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        refusal = budget_comparison_refusal(
            currency=cleaned.get("currency", ""),
            budget_type=cleaned.get("budget_type", ""),
            budget_from=cleaned.get("budget_from"),
            budget_to=cleaned.get("budget_to"),
            sort=cleaned.get("sort", ""),
        )
        if refusal:
            raise forms.ValidationError(refusal)
        return cleaned

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "q": data.get("q", ""),
            "category": data.get("category", ""),
            "currency": data.get("currency", ""),
            "budget_type": data.get("budget_type", ""),
            "budget_from": data.get("budget_from"),
            "budget_to": data.get("budget_to"),
            "posted_within_days": data.get("posted_within"),
            "sort": data.get("sort") if data.get("sort") in JOB_SORTS else "newest",
        }


class BidForm(forms.Form):
    price = forms.DecimalField(label=_("Price"), max_digits=12, decimal_places=2, min_value=0.01)
    delivery_days = forms.IntegerField(label=_("Delivery time (days)"), min_value=1, max_value=730)
    proposal = forms.CharField(
        label=_("Proposal"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        help_text=_("How you will do the work, who will do it, and why your firm is a good fit."),
    )
    weekly_hour_limit = forms.IntegerField(
        label=_("Hours a week, at most"),
        min_value=1,
        max_value=MAX_WEEKLY_HOURS,
        help_text=_(
            "The most hours your firm works on this job in a week: a timesheet over it is "
            "refused, so the buyer knows the most a week can cost."
        ),
    )

    def __init__(self, *args, job: Job, **kwargs):
        super().__init__(*args, **kwargs)
        price = self.fields["price"]
        if job.budget_type == BudgetType.HOURLY:
            price.label = _("Hourly rate (%(currency)s per hour)") % {"currency": job.currency}
            price.help_text = _("What you charge for an hour of work.")
        else:
            price.label = _("Price (%(currency)s)") % {"currency": job.currency}
            price.help_text = _("The price for the whole job.")
            del self.fields["weekly_hour_limit"]


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=160, required=False)
    amount = forms.DecimalField(max_digits=12, decimal_places=2, min_value=0.01, required=False)
    due_date = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) not in (None, "") for name in ("title", "amount", "due_date")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("A milestone needs a title, an amount and a due date."))
        return cleaned


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=3, max_num=10, validate_max=True)


def milestones_from(formset) -> list[dict]:
    return [
        {
            "title": f.cleaned_data["title"],
            "amount": f.cleaned_data["amount"],
            "due_date": f.cleaned_data["due_date"],
        }
        for f in formset.forms
        if f.cleaned_data.get("title")
    ]


class AwardForm(forms.Form):
    """The award's confirmation: the bid as the buyer saw it, and the premium for a
    certified provider."""

    bid_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    premium_percent = forms.DecimalField(
        label=_("Fair-trade premium (% of the price)"),
        min_value=0,
        max_value=20,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_(
            "Paid to the certified firm on top of the price, with each milestone, for its "
            "workers and community; from 0% to 20%."
        ),
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2_000)


class DeliveryForm(forms.Form):
    message = forms.CharField(
        label=_("What you deliver"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_("Describe the work and where the buyer finds it (links, shared folders)."),
    )
    files = MultipleFileField(label=_("Files"))


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = ["rating", "text"]
        widgets = {
            "rating": forms.RadioSelect(choices=[(n, f"{n} ★") for n in range(1, 6)]),
            "text": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"text": _("Your review")}


class BidSortForm(forms.Form):
    sort = forms.ChoiceField(
        choices=[
            ("price", _("Price")),
            ("delivery", _("Delivery time")),
            ("rating", _("Rating")),
            ("label", _("Social label")),
        ],
        required=False,
    )
    certified_only = forms.BooleanField(label=_("Certified providers only"), required=False)
    shortlisted_only = forms.BooleanField(label=_("Shortlisted only"), required=False)

    def options(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "price"
        return {
            "sort": sort if sort in {*BID_SORTS, "label"} else "price",
            "certified_only": bool(data.get("certified_only")),
            "shortlisted_only": bool(data.get("shortlisted_only")),
        }


class DirectoryFilterForm(forms.Form):
    country = forms.ChoiceField(required=False)
    category = forms.ChoiceField(
        label=_("Past work in"),
        choices=[("", _("Any category")), *Category.choices],
        required=False,
    )
    min_rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("Any rating")), ("4", _("4 ★ and up")), ("3", _("3 ★ and up"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    label = forms.ChoiceField(
        label=_("Social label"),
        choices=[
            ("", _("Any")),
            ("certified", _("Certified")),
            ("suspended", _("Suspended")),
            ("expired", _("Expired")),
            ("revoked", _("Revoked")),
            ("none", _("Never certified")),
        ],
        required=False,
    )

    def __init__(self, *args, countries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("Any country")), *countries]


class JobInviteForm(forms.Form):
    job = forms.ModelChoiceField(queryset=Job.objects.none(), label=_("Invite to"))

    def __init__(self, *args, jobs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].queryset = jobs
