"""The foundation's demo: the organizations roles hang on, and one user per role, all with
the password ``khooshe-demo``. Capability demos build on these."""

from khooshe.accounts.models import Role, RoleGrant, User
from khooshe.geo.models import County, Province
from khooshe.persian.validators import legal_id_check_digit
from khooshe.registry.models import Organization
from khooshe.registry.services import organization_refresh_search

DEMO_PASSWORD = "khooshe-demo"

MAZANDARAN, EAST_AZARBAIJAN = "IR-02", "IR-03"

#: key → (name, kind, province, county, legal id)
ORGANIZATIONS = {
    "nasr_mazandaran": (
        "سازمان نظام صنفی رایانه‌ای استان مازندران",
        Organization.Kind.GUILD,
        MAZANDARAN,
        "ساری",
        "10861234562",
    ),
    "nasr_east_azarbaijan": (
        "سازمان نظام صنفی رایانه‌ای استان آذربایجان شرقی",
        Organization.Kind.GUILD,
        EAST_AZARBAIJAN,
        "تبریز",
        "10200345671",
    ),
    "governorate_mazandaran": (
        "استانداری مازندران",
        Organization.Kind.GOVERNMENT_AGENCY,
        MAZANDARAN,
        "ساری",
        "14000123451",
    ),
    "ict_directorate_mazandaran": (
        "اداره کل ارتباطات و فناوری اطلاعات استان مازندران",
        Organization.Kind.GOVERNMENT_AGENCY,
        MAZANDARAN,
        "ساری",
        "14000234561",
    ),
    "governorate_east_azarbaijan": (
        "استانداری آذربایجان شرقی",
        Organization.Kind.GOVERNMENT_AGENCY,
        EAST_AZARBAIJAN,
        "تبریز",
        "14000345671",
    ),
    "employment_fund": (
        "صندوق کارآفرینی امید — شعبه مازندران",
        Organization.Kind.FUND,
        MAZANDARAN,
        "ساری",
        "10103456781",
    ),
    "actor_company": (
        "شرکت نرم‌افزاری کاسپین‌داده",
        Organization.Kind.COMPANY,
        MAZANDARAN,
        "ساری",
        "10861876541",
    ),
}

#: username → (first name, last name, [(role, province code, organization key)])
USERS = {
    "admin": ("مدیر", "سامانه", [(Role.ADMIN, None, None)]),
    "guild.mazandaran": ("کارشناس", "نصر مازندران", [(Role.GUILD_STAFF, MAZANDARAN, None)]),
    "gov.mazandaran": (
        "کارشناس",
        "استانداری مازندران",
        [(Role.GOVERNORATE_STAFF, MAZANDARAN, None), (Role.EVALUATOR, MAZANDARAN, None)],
    ),
    "guild.eastazarbaijan": (
        "کارشناس",
        "نصر آذربایجان شرقی",
        [(Role.GUILD_STAFF, EAST_AZARBAIJAN, None)],
    ),
    "gov.eastazarbaijan": (
        "کارشناس",
        "استانداری آذربایجان شرقی",
        [
            (Role.GOVERNORATE_STAFF, EAST_AZARBAIJAN, None),
            (Role.EVALUATOR, EAST_AZARBAIJAN, None),
        ],
    ),
    "national": ("کارشناس", "ملی", [(Role.NATIONAL_STAFF, None, None)]),
    "agency.demo": (
        "نماینده",
        "اداره کل ارتباطات",
        [(Role.AGENCY_REP, MAZANDARAN, "ict_directorate_mazandaran")],
    ),
    "fund.demo": ("کارشناس", "صندوق", [(Role.FUND_OFFICER, MAZANDARAN, "employment_fund")]),
    "actor.demo": ("مدیرعامل", "کاسپین‌داده", [(Role.ACTOR, MAZANDARAN, "actor_company")]),
}


def _legal_id(first10: str) -> str:
    return first10[:10] + legal_id_check_digit(first10[:10])


def demo_organization(key: str) -> Organization:
    name, kind, province_code, county_name, legal_id = ORGANIZATIONS[key]
    province = Province.objects.get(code=province_code)
    county = County.objects.filter(province=province, name=county_name).first()
    organization, _created = Organization.objects.get_or_create(
        legal_id=_legal_id(legal_id),
        defaults={
            "name": name,
            "kind": kind,
            "province": province,
            "county": county,
            "verification": Organization.Verification.VERIFIED,
        },
    )
    return organization


def load(*, stdout) -> None:
    organizations = {key: demo_organization(key) for key in ORGANIZATIONS}
    for organization in organizations.values():
        organization_refresh_search(organization)
    for username, (first_name, last_name, grants) in USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@khooshe.example.ir",
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        for role, province_code, organization_key in grants:
            RoleGrant.objects.get_or_create(
                user=user,
                role=role,
                province=Province.objects.get(code=province_code) if province_code else None,
                organization=organizations[organization_key] if organization_key else None,
            )
    stdout.write(f"foundation: {len(USERS)} demo users, {len(organizations)} organizations")
