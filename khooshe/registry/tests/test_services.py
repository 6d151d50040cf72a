import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from khooshe.accounts.models import Role, RoleGrant
from khooshe.accounts.tests.factories import UserFactory, grant
from khooshe.core.concurrency import EditConflict
from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.history.selectors import history_entries
from khooshe.registry import services
from khooshe.registry.models import ClaimRequest, Cluster, Organization
from khooshe.registry.tests.factories import (
    AffiliationFactory,
    CapabilityFactory,
    ClusterFactory,
    GuildMembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SectorFactory,
    county,
    legal_id,
    national_code,
)

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def test_actor_registers_organization_and_becomes_its_owner(stranger):
    web = CapabilityFactory(slug="web", name="وب")
    org = services.organization_register(
        actor=stranger,
        name="  شركت  نرم‌افزاري   البرز ",
        kind=Organization.Kind.COMPANY,
        province="IR-02",
        county=county("IR-02"),
        legal_id="۱" + legal_id(7)[1:],
        capabilities=[web],
    )
    assert org.name == "شرکت نرم‌افزاری البرز"  # Arabic letters and extra spaces cleaned
    assert org.legal_id == legal_id(7)
    assert org.search_key == "شرکتنرمافزاریالبرز"
    assert RoleGrant.objects.filter(user=stranger, role=Role.ACTOR, organization=org).exists()
    entry = history_entries(org)[0]
    assert entry.user_id == stranger.pk
    assert "وب" in entry.reason


def test_register_refuses_invalid_and_duplicate_legal_id(stranger, organization):
    with pytest.raises(ValidationError) as invalid:
        services.organization_register(
            actor=stranger, name="الف", kind="company", province="IR-02", legal_id="12345678901"
        )
    assert "legal_id" in invalid.value.message_dict
    with pytest.raises(ValidationError) as duplicate:
        services.organization_register(
            actor=stranger,
            name="ب",
            kind="company",
            province="IR-02",
            legal_id=organization.legal_id,
        )
    # the legal ID is private: a stranger learns it is taken, not whose it is
    message = duplicate.value.message_dict["legal_id"][0]
    assert "ثبت شده است" in message
    assert organization.name not in message


def test_staff_learn_which_organization_holds_a_legal_id(guild_staff, organization):
    with pytest.raises(ValidationError) as duplicate:
        services.organization_register(
            actor=guild_staff,
            name="ب",
            kind="company",
            province="IR-02",
            legal_id=organization.legal_id,
        )
    assert organization.name in duplicate.value.message_dict["legal_id"][0]


def test_register_refuses_county_of_another_province(stranger):
    with pytest.raises(ValidationError) as error:
        services.organization_register(
            actor=stranger, name="ج", kind="company", province="IR-02", county=county("IR-03")
        )
    assert "county" in error.value.message_dict


def test_staff_registering_for_someone_else_does_not_become_owner(guild_staff):
    org = services.organization_register(
        actor=guild_staff, name="شرکت د", kind="company", province="IR-02"
    )
    assert not RoleGrant.objects.filter(organization=org).exists()


def test_logo_must_be_a_small_image(owner, organization):
    fake = SimpleUploadedFile("logo.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationError) as error:
        services.organization_update(
            actor=owner, organization=organization, expected_version=None, logo=fake
        )
    assert "logo" in error.value.message_dict
    big = SimpleUploadedFile("logo.png", PNG + b"\0" * services.LOGO_MAX_BYTES)
    with pytest.raises(ValidationError):
        services.organization_update(
            actor=owner, organization=organization, expected_version=None, logo=big
        )
    ok = SimpleUploadedFile("my logo.png", PNG)
    services.organization_update(
        actor=owner, organization=organization, expected_version=None, logo=ok
    )
    organization.refresh_from_db()
    assert organization.logo.name.endswith(".png")
    assert "my logo" not in organization.logo.name


def test_owner_edits_and_a_stale_version_is_refused(owner, organization):
    version = organization.version
    services.organization_update(
        actor=owner, organization=organization, expected_version=version, description="وب و موبایل"
    )
    stale = Organization.objects.get(pk=organization.pk)
    with pytest.raises(EditConflict) as conflict:
        services.organization_update(
            actor=owner, organization=stale, expected_version=version, phone="0111"
        )
    assert "معرفی" in conflict.value.message
    stale.refresh_from_db()
    assert stale.phone == ""


def test_stranger_and_other_province_staff_cannot_edit(stranger, other_guild_staff, organization):
    for actor in (stranger, other_guild_staff):
        with pytest.raises(PermissionDenied):
            services.organization_update(
                actor=actor, organization=organization, expected_version=None, name="x"
            )


def test_capability_changes_land_in_history(owner, organization):
    web, net = CapabilityFactory(name="وب"), CapabilityFactory(name="شبکه")
    sector = SectorFactory(name="گردشگری")
    services.organization_update(
        actor=owner,
        organization=organization,
        expected_version=None,
        capabilities=[web, net],
        sectors=[sector],
    )
    services.organization_update(
        actor=owner, organization=organization, expected_version=None, capabilities=[web]
    )
    reasons = [entry.reason for entry in history_entries(organization)]
    assert "− شبکه" in reasons[0]
    assert "+ " in reasons[1]
    assert "گردشگری" in reasons[1]


def test_verify_and_revoke_record_who_when_and_why(guild_staff, owner, organization):
    first_version = organization.version
    org = services.organization_verify(actor=guild_staff, organization=organization)
    assert org.verification == Organization.Verification.VERIFIED
    assert org.verified_by == guild_staff
    assert org.verified_at is not None
    assert Notification.objects.filter(recipient=owner).exists()
    with pytest.raises(TransitionNotAllowed):
        services.organization_verify(actor=guild_staff, organization=org)
    with pytest.raises(ValidationError):
        services.organization_revoke(actor=guild_staff, organization=org, reason="  ")
    org = services.organization_revoke(actor=guild_staff, organization=org, reason="مجوز منقضی شده")
    assert org.verification == Organization.Verification.REVOKED
    assert org.revoked_by == guild_staff
    assert org.revocation_reason == "مجوز منقضی شده"
    revoked = history_entries(org)[0]
    assert revoked.user_id == guild_staff.pk
    assert revoked.reason == "لغو تأیید: مجوز منقضی شده"
    assert org.version == first_version + 2  # each step bumped it once
    notices = Notification.objects.filter(recipient=owner).order_by("id")
    assert [n.body for n in notices] == ["", "مجوز منقضی شده"]
    assert all(org.name in n.title for n in notices)


def test_only_guild_staff_of_the_province_verify(owner, other_guild_staff, organization):
    for actor in (owner, other_guild_staff):
        with pytest.raises(PermissionDenied):
            services.organization_verify(actor=actor, organization=organization)


def test_claim_is_approved_by_staff_and_grants_the_actor_role(stranger, guild_staff, organization):
    claim = services.organization_claim(actor=stranger, organization=organization, message="من")
    assert Notification.objects.filter(recipient=guild_staff).exists()
    with pytest.raises(ValidationError):
        services.organization_claim(actor=stranger, organization=organization)
    with pytest.raises(PermissionDenied):
        services.claim_approve(actor=stranger, claim=claim)
    services.claim_approve(actor=guild_staff, claim=claim)
    claim.refresh_from_db()
    assert claim.status == ClaimRequest.Status.APPROVED
    assert claim.decided_by == guild_staff
    assert RoleGrant.objects.filter(user=stranger, organization=organization).exists()
    assert organization.name in Notification.objects.filter(recipient=stranger).get().title
    assert history_entries(claim)[0].user_id == guild_staff.pk
    with pytest.raises(TransitionNotAllowed):
        services.claim_reject(actor=guild_staff, claim=claim, reason="دیر")


def test_claim_rejection_needs_a_reason_and_verified_orgs_cannot_be_claimed(
    stranger, guild_staff, organization
):
    claim = services.organization_claim(actor=stranger, organization=organization)
    with pytest.raises(ValidationError):
        services.claim_reject(actor=guild_staff, claim=claim, reason="")
    services.claim_reject(actor=guild_staff, claim=claim, reason="مدرکی ارائه نشد")
    services.organization_verify(actor=guild_staff, organization=organization)
    organization.refresh_from_db()
    with pytest.raises(ValidationError):
        services.organization_claim(actor=UserFactory(), organization=organization)


def test_merge_moves_every_reference_and_hides_the_duplicate(guild_staff):
    web, net = CapabilityFactory(), CapabilityFactory()
    target = OrganizationFactory(name="فناوران ۲۰۲۰", legal_id=None, capabilities=[web])
    duplicate = OrganizationFactory(name="فناوران 2020", capabilities=[net], phone="0111")
    dup_legal_id = duplicate.legal_id
    affiliation = AffiliationFactory(organization=duplicate)
    membership = GuildMembershipFactory(organization=duplicate)
    cluster = ClusterFactory(coordinator=duplicate)
    cluster.members.add(duplicate, target)
    owner = UserFactory()
    grant(owner, Role.ACTOR, organization=duplicate)
    both = UserFactory()
    grant(both, Role.ACTOR, organization=duplicate)
    grant(both, Role.ACTOR, organization=target)
    merged_before = OrganizationFactory(merged_into=duplicate, is_public=False)

    services.organization_merge(actor=guild_staff, duplicate=duplicate, target=target)

    duplicate.refresh_from_db()
    target.refresh_from_db()
    assert duplicate.merged_into == target
    assert not duplicate.is_public
    affiliation.refresh_from_db()
    membership.refresh_from_db()
    cluster.refresh_from_db()
    merged_before.refresh_from_db()
    assert affiliation.organization == target
    assert membership.organization == target
    assert cluster.coordinator == target
    assert list(cluster.members.all()) == [target]
    assert "ادغام" in history_entries(cluster)[0].reason
    assert history_entries(cluster)[0].user_id == guild_staff.pk
    assert merged_before.merged_into == target
    assert RoleGrant.objects.filter(user=owner, organization=target).exists()
    assert RoleGrant.objects.filter(user=both, organization=target).count() == 1
    assert not RoleGrant.objects.filter(organization=duplicate).exists()
    assert set(target.capabilities.all()) == {web, net}
    assert target.legal_id == dup_legal_id  # the blank field was filled from the duplicate
    assert target.phone == "0111"
    assert duplicate.legal_id is None
    assert duplicate.history.count() >= 2  # its history is kept
    assert "ادغام" in history_entries(target)[0].reason


def test_merge_refusals(guild_staff, other_guild_staff, organization):
    other = OrganizationFactory()
    with pytest.raises(ValidationError):
        services.organization_merge(actor=guild_staff, duplicate=organization, target=organization)
    with pytest.raises(PermissionDenied):
        services.organization_merge(actor=other_guild_staff, duplicate=organization, target=other)
    services.organization_merge(actor=guild_staff, duplicate=organization, target=other)
    with pytest.raises(ValidationError):
        services.organization_merge(actor=guild_staff, duplicate=organization, target=other)


def test_person_create_update_and_national_code_rules(owner, guild_staff):
    code = national_code(42)
    person = services.person_create(
        actor=owner, first_name="علي", last_name="رضايي", national_code=code, province="IR-02"
    )
    assert person.first_name == "علی"
    assert person.search_key == "علیرضایی"
    with pytest.raises(ValidationError) as duplicate:
        services.person_create(
            actor=guild_staff, first_name="x", last_name="y", national_code=code, province="IR-02"
        )
    assert "national_code" in duplicate.value.message_dict
    with pytest.raises(ValidationError) as invalid:
        services.person_create(
            actor=guild_staff,
            first_name="x",
            last_name="y",
            national_code="1234567890",
            province="IR-02",
        )
    assert "national_code" in invalid.value.message_dict
    services.person_update(
        actor=guild_staff, person=person, expected_version=person.version, expertise="شبکه"
    )
    with pytest.raises(EditConflict):
        services.person_update(actor=guild_staff, person=person, expected_version=1, bio="x")


def test_affiliation_with_title_and_dates(owner, organization):
    person = PersonFactory()
    affiliation = services.affiliation_add(
        actor=owner,
        person=person,
        organization=organization,
        title="رئيس هيئت مديره",
        started_on=datetime.date(2024, 6, 22),
    )
    assert affiliation.title == "رئیس هیئت مدیره"
    with pytest.raises(ValidationError):
        services.affiliation_end(
            actor=owner, affiliation=affiliation, ended_on=datetime.date(2020, 1, 1)
        )
    services.affiliation_end(
        actor=owner, affiliation=affiliation, ended_on=datetime.date(2025, 1, 1)
    )
    with pytest.raises(PermissionDenied):
        services.affiliation_add(
            actor=UserFactory(), person=person, organization=organization, title="x"
        )


def test_guild_membership_expired_shows_as_expired(guild_staff, organization, owner):
    today = datetime.date.today()
    membership = services.guild_membership_save(
        actor=guild_staff,
        organization=organization,
        number="۲۱۰۰۱",
        grade="۲",
        started_on=today - datetime.timedelta(days=800),
        expires_on=today - datetime.timedelta(days=1),
    )
    assert membership.number == "21001"
    assert membership.is_expired
    assert organization.guild_membership == membership
    assert organization.member_since == today - datetime.timedelta(days=800)
    with pytest.raises(ValidationError):
        services.guild_membership_save(
            actor=guild_staff, organization=OrganizationFactory(), number="21001"
        )
    with pytest.raises(PermissionDenied):
        services.guild_membership_save(actor=owner, organization=organization, number="9")


def test_cluster_stages_record_each_date_and_refuse_out_of_order(guild_staff):
    org = OrganizationFactory()
    cluster = services.cluster_create(
        actor=guild_staff, name="خوشه فاوا", province="IR-02", members=[org]
    )
    assert cluster.stage == Cluster.Stage.IDENTIFIED
    assert cluster.identified_on is not None
    day = datetime.date(2024, 6, 22)
    cluster = services.cluster_advance(actor=guild_staff, cluster=cluster, action="form", on=day)
    assert cluster.forming_on == day
    assert history_entries(cluster)[0].reason == "آغاز شکل‌گیری"
    with pytest.raises(TransitionNotAllowed):
        services.cluster_advance(actor=guild_staff, cluster=cluster, action="form")
    cluster = services.cluster_advance(actor=guild_staff, cluster=cluster, action="activate")
    assert cluster.stage == Cluster.Stage.OPERATIONAL
    assert cluster.operational_on is not None
    services.cluster_members_change(actor=guild_staff, cluster=cluster, remove=[org])
    assert "اعضا" in history_entries(cluster)[0].reason
    with pytest.raises(PermissionDenied):
        services.cluster_advance(actor=UserFactory(), cluster=cluster, action="deactivate")


def test_capability_tree_paths_follow_moves(admin_user):
    software = services.capability_save(actor=admin_user, name="توسعه نرم‌افزار", slug="software")
    web = services.capability_save(actor=admin_user, name="وب", slug="web", parent=software)
    assert web.path == "software/web"
    services.capability_save(
        actor=admin_user, name="نرم‌افزار", slug="software", capability=software
    )
    root = services.capability_save(actor=admin_user, name="فاوا", slug="ict")
    services.capability_save(actor=admin_user, name="نرم‌افزار", parent=root, capability=software)
    web.refresh_from_db()
    assert web.path == "ict/software/web"


def test_merge_moves_references_from_other_apps(guild_staff):
    """Reverse relations are discovered generically: a role another app granted for the
    duplicate now names the record it was merged into. (The capabilities' own references,
    e.g. a proposal's submitter, are the integration tests' to check: the registry's tests
    import no capability built on it.)"""
    duplicate, target = OrganizationFactory(), OrganizationFactory()
    representative = grant(UserFactory(), Role.AGENCY_REP, organization=duplicate)
    services.organization_merge(actor=guild_staff, duplicate=duplicate, target=target)
    representative.refresh_from_db()
    assert representative.organization_id == target.pk
