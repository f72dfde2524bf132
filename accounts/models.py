import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.fields import ParagraphsField, SingleLineField, WebsiteURLField
from core.models import TimeStampedModel


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer of services")
    PROVIDER = "provider", _("Provider of services")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person. Email is the login; whether they buy or provide services is their role."""

    username = None
    email = models.EmailField(_("email address"), unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.BUYER)
    # One of settings.LANGUAGES, checked by the service that sets it (no choices here, so
    # adding a language needs no migration); blank until chosen: the browser's language.
    language = models.CharField(_("language"), max_length=16, blank=True)
    notification_emails = models.BooleanField(
        _("email me my notifications"),
        default=True,
        help_text=_("Each notification is also shown on Fairbid, whatever you choose."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
        ]

    def __str__(self):
        return self.email

    @property
    def display_name(self):
        return self.get_full_name() or self.email

    @property
    def is_buyer(self):
        return self.role == Role.BUYER

    @property
    def is_provider(self):
        return self.role == Role.PROVIDER


class OrganizationKind(models.TextChoices):
    PROVIDER = "provider", _("Provider")
    BUYER = "buyer", _("Buyer")


ROLE_FOR_KIND = {OrganizationKind.PROVIDER: Role.PROVIDER, OrganizationKind.BUYER: Role.BUYER}


class Organization(TimeStampedModel):
    """A provider firm (legal entity bidding on jobs) or a buyer's company.

    Provider organizations carry the facts that certification judges, so the database
    refuses a provider without them.
    """

    kind = models.CharField(max_length=16, choices=OrganizationKind.choices)
    name = SingleLineField(_("legal name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    country = CountryField()
    city = SingleLineField(_("city or region"), max_length=120, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    employee_count = models.PositiveIntegerField(
        _("number of employees"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    local_ownership_percent = models.DecimalField(
        _("share owned by people living in the country (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    website = WebsiteURLField(blank=True)
    description = ParagraphsField(_("short description"), max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "country"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=OrganizationKind.BUYER)
                | (
                    ~Q(city="")
                    & Q(year_founded__isnull=False)
                    & Q(employee_count__isnull=False)
                    & Q(local_ownership_percent__isnull=False)
                ),
                name="provider_organization_profile_complete",
            ),
            models.CheckConstraint(
                condition=Q(employee_count__isnull=True) | Q(employee_count__gte=1),
                name="organization_employee_count_positive",
            ),
            models.CheckConstraint(
                condition=Q(local_ownership_percent__isnull=True)
                | Q(local_ownership_percent__gte=0, local_ownership_percent__lte=100),
                name="organization_local_ownership_is_a_percentage",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_provider(self):
        return self.kind == OrganizationKind.PROVIDER

    @property
    def member_role(self):
        return ROLE_FOR_KIND[self.kind]


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(TimeStampedModel):
    """A user's place in an organization. A person belongs to at most one organization."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=MembershipRole.choices)

    class Meta:
        ordering = ["-role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["user"], name="one_organization_per_user"),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(role="owner"),
                name="one_owner_per_organization",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()} of {self.organization})"

    @property
    def is_owner(self):
        return self.role == MembershipRole.OWNER


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


def new_invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(TimeStampedModel):
    """An emailed invitation to join an organization, accepted through a secret link."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            models.UniqueConstraint(
                "organization",
                Lower("email"),
                condition=Q(status="pending"),
                name="one_pending_invitation_per_email",
            ),
        ]

    def __str__(self):
        return f"Invitation of {self.email} to {self.organization}"

    def get_absolute_url(self):
        return reverse("accounts:invitation", kwargs={"token": self.token})


class ApiToken(models.Model):
    """A personal API token. Only a hash is stored; the key is shown once, when created."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = SingleLineField(max_length=100, help_text=_("What the token is for, e.g. “CI script”."))
    prefix = models.CharField(
        max_length=8, help_text=_("The key's first characters, to recognise it.")
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
