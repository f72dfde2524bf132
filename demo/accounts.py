"""Demo people and organizations: a few buyers and provider firms in several countries."""

from decimal import Decimal

from allauth.account.models import EmailAddress

from accounts import services
from accounts.models import Membership, MembershipRole, Role, User
from certification.services.reviewers import reviewer_group_sync

DEMO_PASSWORD = "fairbid-demo"

# (email, first name, last name, role)
PEOPLE = [
    ("buyer@demo.fairbid.test", "Alice", "Morgan", Role.BUYER),
    ("jonas.weber@demo.fairbid.test", "Jonas", "Weber", Role.BUYER),
    ("maria.santos@demo.fairbid.test", "Maria", "Santos", Role.BUYER),
    ("provider@demo.fairbid.test", "Grace", "Nakato", Role.PROVIDER),
    ("david.okello@demo.fairbid.test", "David", "Okello", Role.PROVIDER),
    ("wanjiru.kamau@demo.fairbid.test", "Wanjiru", "Kamau", Role.PROVIDER),
    ("sita.gurung@demo.fairbid.test", "Sita", "Gurung", Role.PROVIDER),
    ("rahim.uddin@demo.fairbid.test", "Rahim", "Uddin", Role.PROVIDER),
    ("jean.uwimana@demo.fairbid.test", "Jean", "Uwimana", Role.PROVIDER),
    ("ana.lopes@demo.fairbid.test", "Ana", "Lopes", Role.PROVIDER),
    ("tavita.faleolo@demo.fairbid.test", "Tavita", "Faleolo", Role.PROVIDER),
]

# owner's email -> (organization fields, other members' emails)
ORGANIZATIONS = {
    "buyer@demo.fairbid.test": (
        {
            "name": "Northwind Analytics Ltd",
            "country": "GB",
            "website": "https://northwind.example",
        },
        [],
    ),
    "jonas.weber@demo.fairbid.test": (
        {"name": "Weber & Lang GmbH", "country": "DE", "website": ""},
        [],
    ),
    "provider@demo.fairbid.test": (
        {
            "name": "Kampala Data Works Ltd",
            "country": "UG",
            "city": "Kampala",
            "year_founded": 2016,
            "employee_count": 34,
            "local_ownership_percent": Decimal("100"),
            "website": "https://kampaladataworks.example",
            "description": "Data entry, annotation and transcription by a trained team in "
            "Kampala, with many staff hired from long-term unemployment.",
        },
        ["david.okello@demo.fairbid.test"],
    ),
    "wanjiru.kamau@demo.fairbid.test": (
        {
            "name": "Nairobi Transcribe Co.",
            "country": "KE",
            "city": "Nairobi",
            "year_founded": 2018,
            "employee_count": 22,
            "local_ownership_percent": Decimal("100"),
            "description": "Transcription and subtitling in English, Swahili and French.",
        },
        [],
    ),
    "sita.gurung@demo.fairbid.test": (
        {
            "name": "Himalaya Code Collective",
            "country": "NP",
            "city": "Pokhara",
            "year_founded": 2019,
            "employee_count": 15,
            "local_ownership_percent": Decimal("100"),
            "description": "Web and mobile software development, owned by its developers.",
        },
        [],
    ),
    "rahim.uddin@demo.fairbid.test": (
        {
            "name": "Dhaka Design Studio",
            "country": "BD",
            "city": "Dhaka",
            "year_founded": 2014,
            "employee_count": 60,
            "local_ownership_percent": Decimal("85"),
            "description": "Brand, illustration and user-interface design.",
        },
        [],
    ),
    "jean.uwimana@demo.fairbid.test": (
        {
            "name": "Kigali Support Center",
            "country": "RW",
            "city": "Kigali",
            "year_founded": 2015,
            "employee_count": 120,
            "local_ownership_percent": Decimal("70"),
            "description": "Multilingual customer support by email, chat and phone.",
        },
        [],
    ),
    "ana.lopes@demo.fairbid.test": (
        {
            "name": "Praia Translation Services",
            "country": "CV",
            "city": "Praia",
            "year_founded": 2017,
            "employee_count": 12,
            "local_ownership_percent": Decimal("100"),
            "description": "Portuguese, English and French translation and localisation.",
        },
        [],
    ),
    "tavita.faleolo@demo.fairbid.test": (
        {
            "name": "Apia Bookkeeping Partners",
            "country": "WS",
            "city": "Apia",
            "year_founded": 2020,
            "employee_count": 8,
            "local_ownership_percent": Decimal("100"),
            "description": "Bookkeeping and payroll for small businesses across the Pacific.",
        },
        [],
    ),
}


def seed() -> dict[str, User]:
    """Create or refresh the demo people and organizations; returns the users by email."""
    users = {email: _person(email, first, last, role) for email, first, last, role in PEOPLE}
    for owner_email, (fields, member_emails) in ORGANIZATIONS.items():
        _organization(users[owner_email], fields, [users[e] for e in member_emails])
    reviewer = _person("reviewer@demo.fairbid.test", "Ruth", "Achieng", Role.BUYER, staff=True)
    reviewer.groups.add(reviewer_group_sync())
    users[reviewer.email] = reviewer
    # Appeals go to a reviewer who did not make the decision appealed.
    second = _person(
        "appeals.reviewer@demo.fairbid.test", "Samuel", "Mensah", Role.BUYER, staff=True
    )
    second.groups.add(reviewer_group_sync())
    users[second.email] = second
    admin = _person(
        "admin@demo.fairbid.test", "Ada", "Admin", Role.BUYER, staff=True, superuser=True
    )
    users[admin.email] = admin
    return users


def _person(email, first_name, last_name, role, *, staff=False, superuser=False):
    user = User.objects.filter(email__iexact=email).first() or User(email=email)
    user.first_name, user.last_name, user.role = first_name, last_name, role
    user.is_staff, user.is_superuser, user.is_active = staff, superuser, True
    user.set_password(DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _organization(owner, fields, members):
    membership = Membership.objects.select_related("organization").filter(user=owner).first()
    if membership is None:
        organization = services.organization_create(owner=owner, **fields)
    else:
        organization = services.organization_update(
            organization=membership.organization, by=owner, **fields
        )
    for member in members:
        Membership.objects.get_or_create(
            user=member, defaults={"organization": organization, "role": MembershipRole.MEMBER}
        )
    return organization
