"""Verification that means something: an owner's change to what the guild vouched for waits
for review or ends the verification; documents expire, remind and lapse it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from khooshe.core.models import Notification
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.registry import services
from khooshe.registry.models import DocumentReminder, Organization, ProposedChange
from khooshe.registry.services.documents import documents_daily
from khooshe.registry.tests.factories import GuildMembershipFactory, county, legal_id
from khooshe.registry.vouched import verified_values

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
V = Organization.Verification


@pytest.fixture
def verified(organization, guild_staff):
    return services.organization_verify(actor=guild_staff, organization=organization)


def _api(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_probe_through_the_api_stays_verified_with_its_verified_values(
    verified, owner, guild_staff
):
    """The guild verifies; the owner sets it rural, adds a knowledge-based certificate and
    renames it: it stays verified with its verified values and the change awaits review
    until the guild accepts (the loans' eligibility tests read the same through the API)."""
    url = f"/api/v1/organizations/{verified.pk}/"
    response = _api(owner).patch(
        url,
        {
            "locality": "rural",
            "kb_certificate_number": "KB-77",
            "kb_certificate_expires_on": "1410/01/01",
            "name": "نام تازه",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["verification"] == "verified"
    assert body["locality"] == "urban"
    assert body["name"] == "شرکت نرم‌افزاری کاسپین"
    assert {v["field"] for v in body["change_awaiting_review"]} == {
        "locality",
        "kb_certificate_number",
        "kb_certificate_expires_on",
        "name",
    }
    assert APIClient().get(url).json()["change_awaiting_review"] is None  # not for the public
    assert verified_values(Organization.objects.get(pk=verified.pk))["locality"] == "urban"

    assert _api(owner).post(f"{url}changes/accept/").status_code == 403
    response = _api(guild_staff).post(f"{url}changes/accept/")
    assert response.status_code == 200
    assert response.json()["locality"] == "rural"
    assert response.json()["verification"] == "verified"
    assert response.json()["change_awaiting_review"] is None
    assert _api(guild_staff).post(f"{url}changes/accept/").status_code == 409
    assert verified_values(Organization.objects.get(pk=verified.pk))["locality"] == "rural"
    changes = _api(owner).get(f"{url}changes/").json()["results"]
    assert changes[0]["state"] == "accepted"
    assert changes[0]["decided_by"]
    assert APIClient().get(f"{url}changes/").status_code == 404


def test_the_probe_through_the_pages(client, verified, owner):
    client.force_login(owner)
    data = {
        "version": verified.version,
        "name": "نام تازه",
        "kind": verified.kind,
        "province": verified.province_id,
        "county": verified.county_id or "",
        "legal_id": verified.legal_id or "",
        "locality": "rural",
        "kb_certificate_number": "KB-77",
        "is_public": "on",
    }
    response = client.post(f"/registry/organizations/{verified.pk}/edit/", data)
    assert response.status_code == 302
    page = client.get(f"/registry/organizations/{verified.pk}/").content.decode()
    assert "در انتظار بررسی نظام صنفی" in page
    assert "نام تازه" in page
    assert "شرکت نرم‌افزاری کاسپین" in page
    verified.refresh_from_db()
    assert (verified.locality, verified.verification) == ("urban", V.VERIFIED)


def test_a_field_sent_back_at_its_verified_value_leaves_the_proposal(verified, owner):
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="rural"
    )
    change = services.pending_change(verified)
    assert change.changes == {"locality": "rural"}
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="urban", phone="1"
    )
    change.refresh_from_db()
    assert change.state == ProposedChange.State.CLOSED
    verified.refresh_from_db()
    assert verified.phone == "1"  # fields the verification does not vouch for apply at once


def test_reject_needs_a_reason_and_keeps_the_verified_values(verified, owner, guild_staff):
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, kind="knowledge_based"
    )
    with pytest.raises(ValidationError):
        services.change_reject(actor=guild_staff, organization=verified, reason=" ")
    with pytest.raises(PermissionDenied):
        services.change_reject(actor=owner, organization=verified, reason="نه")
    services.change_reject(actor=guild_staff, organization=verified, reason="گواهی ارائه نشد")
    verified.refresh_from_db()
    assert verified.kind == "company"
    with pytest.raises(TransitionNotAllowed):
        services.change_reject(actor=guild_staff, organization=verified, reason="باز")
    assert Notification.objects.filter(recipient=owner, title__contains="رد شد").exists()


def test_a_new_legal_id_or_province_ends_the_verification(verified, owner, guild_staff):
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="rural"
    )
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, legal_id=legal_id(99)
    )
    verified.refresh_from_db()
    assert verified.verification == V.LAPSED
    assert "شناسه ملی" in verified.lapse_reason
    assert verified_values(verified) is None
    assert not ProposedChange.objects.filter(state="pending").exists()
    assert Notification.objects.filter(recipient=guild_staff, title__contains="اعتبار").exists()
    # Unverified, the owner's edits apply at once; the guild verifies again.
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="rural"
    )
    verified.refresh_from_db()
    assert verified.locality == "rural"
    services.organization_verify(actor=guild_staff, organization=verified)


def test_staff_edits_of_a_verified_record_apply_at_once(verified, guild_staff):
    services.organization_update(
        actor=guild_staff, organization=verified, expected_version=None, locality="rural"
    )
    verified.refresh_from_db()
    assert verified.locality == "rural"
    assert verified.is_verified
    assert not ProposedChange.objects.exists()


def test_an_invalid_proposal_is_refused_like_an_edit(verified, owner):
    with pytest.raises(ValidationError):
        services.organization_update(
            actor=owner, organization=verified, expected_version=None, county=county("IR-03")
        )
    assert not ProposedChange.objects.exists()


def test_documents_remind_once_and_lapse_the_verification_at_expiry(verified, owner):
    verified.kb_certificate_number = "KB-1"
    verified.kb_certificate_expires_on = TODAY + datetime.timedelta(days=20)
    verified.save()
    GuildMembershipFactory(organization=verified, expires_on=TODAY + datetime.timedelta(days=400))
    assert documents_daily(today=TODAY) == {"reminded": 1, "lapsed": 0}
    assert documents_daily(today=TODAY) == {"reminded": 0, "lapsed": 0}  # once
    assert documents_daily(today=TODAY + datetime.timedelta(days=14)) == {
        "reminded": 1,
        "lapsed": 0,
    }
    after = TODAY + datetime.timedelta(days=21)
    assert documents_daily(today=after) == {"reminded": 1, "lapsed": 1}
    verified.refresh_from_db()
    assert verified.verification == V.LAPSED
    assert "گواهی دانش‌بنیان" in verified.lapse_reason
    assert documents_daily(today=after) == {"reminded": 0, "lapsed": 0}
    kinds = set(DocumentReminder.objects.values_list("kind", flat=True))
    assert kinds == {"before_30", "before_7", "expired"}
    assert Notification.objects.filter(recipient=owner).count() >= 4


def test_an_expired_guild_card_lapses_the_verification(verified):
    GuildMembershipFactory(organization=verified, expires_on=TODAY - datetime.timedelta(days=1))
    assert documents_daily(today=TODAY)["lapsed"] == 1
    verified.refresh_from_db()
    assert verified.verification == V.LAPSED


def test_the_profile_lists_documents_with_their_expiry(client, verified):
    verified.licence_number = "L-9"
    verified.licence_expires_on = TODAY - datetime.timedelta(days=1)
    verified.save()
    body = APIClient().get(f"/api/v1/organizations/{verified.pk}/").json()
    (licence,) = body["documents"]
    assert licence["kind"] == "licence"
    assert licence["expired"] is True
    assert licence["expires_on"]["iso"] == licence_iso(verified)
    page = client.get(f"/registry/organizations/{verified.pk}/").content.decode()
    assert "پروانه فعالیت" in page


def licence_iso(organization):
    return organization.licence_expires_on.isoformat()


def test_profile_query_count_does_not_grow_with_a_pending_change(
    client, verified, owner, django_assert_max_num_queries
):
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="rural"
    )
    client.force_login(owner)
    with django_assert_max_num_queries(40):
        assert client.get(f"/registry/organizations/{verified.pk}/").status_code == 200


def test_a_guild_desk_lists_changes_to_review(client, verified, owner, guild_staff):
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="rural"
    )
    client.force_login(guild_staff)
    assert "تغییر پیشنهادی" in client.get("/desk/").content.decode()


def test_pages_accept_and_reject(client, verified, owner, guild_staff):
    services.organization_update(
        actor=owner, organization=verified, expected_version=None, locality="rural"
    )
    client.force_login(owner)
    assert client.post(f"/registry/organizations/{verified.pk}/changes/accept/").status_code == 403
    client.force_login(guild_staff)
    url = f"/registry/organizations/{verified.pk}/changes/reject/"
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "مدرک ندارد"}).status_code == 302
    verified.refresh_from_db()
    assert verified.locality == "urban"


def test_guild_desk_lists_verifications_lapsed_this_month(client, verified, guild_staff):
    GuildMembershipFactory(organization=verified, expires_on=TODAY - datetime.timedelta(days=1))
    documents_daily(today=TODAY)
    client.force_login(guild_staff)
    page = client.get("/desk/").content.decode()
    assert "از اعتبار افتادند" in page
    assert verified.name in page
