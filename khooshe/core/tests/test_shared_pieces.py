"""The shared workflow pieces: optimistic concurrency, history, notifications, attachments,
idempotency, the desk and state machines."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

from khooshe.accounts.models import User
from khooshe.accounts.tests.factories import UserFactory
from khooshe.core import desk
from khooshe.core.attachments import attachment_add, register_visibility, validate_upload
from khooshe.core.concurrency import EditConflict, save_versioned
from khooshe.core.idempotency import run_once
from khooshe.core.models import Notification
from khooshe.core.notifications import notify, unread_count
from khooshe.core.workflow import StateMachine, Transition, TransitionNotAllowed
from khooshe.geo.models import Province
from khooshe.history.selectors import history_entries
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def organization():
    return Organization.objects.create(
        name="شرکت آزمون",
        kind=Organization.Kind.COMPANY,
        province=Province.objects.get(code="IR-02"),
    )


def test_second_editor_with_a_stale_version_gets_a_conflict_naming_the_change(organization):
    first, second = UserFactory(first_name="زهرا", last_name="احمدی"), UserFactory()
    stale_version = organization.version
    organization.name = "شرکت آزمون نو"
    organization._history_user = first
    save_versioned(organization, expected_version=stale_version, update_fields=["name"])
    assert organization.version == stale_version + 1

    other_copy = Organization.objects.get(pk=organization.pk)
    other_copy.phone = "01133334444"
    other_copy._history_user = second
    with pytest.raises(EditConflict) as conflict:
        save_versioned(other_copy, expected_version=stale_version, update_fields=["phone"])
    assert [change.field for change in conflict.value.changes] == ["name"]
    assert "زهرا احمدی" in conflict.value.message
    assert conflict.value.as_dict()["current_version"] == stale_version + 1
    organization.refresh_from_db()
    assert organization.phone == ""


def test_history_records_who_changed_which_field_from_what_to_what(organization):
    editor = UserFactory(first_name="رضا", last_name="نوری")
    organization.name = "شرکت نوین"
    organization._history_user = editor
    save_versioned(organization, expected_version=organization.version, update_fields=["name"])
    entries = history_entries(organization)
    assert entries[0].change_type == "changed"
    assert entries[0].user == "رضا نوری"
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [
        ("name", "شرکت آزمون", "شرکت نوین")
    ]
    assert entries[-1].change_type == "created"


def test_notification_is_listed_unread_and_emailed_in_the_recipients_language(
    django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://khooshe.example.ir"

    recipient = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=recipient, title=_("کارتابل"), body="متن", url="/desk/")
    assert unread_count(recipient) == 1
    assert Notification.objects.get().title == "Desk"
    assert mail.outbox[0].to == [recipient.email]
    assert mail.outbox[0].subject == "Desk"
    assert "http://khooshe.example.ir/desk/" in mail.outbox[0].body


def test_attachment_type_is_decided_by_content_not_name(organization):
    user = UserFactory()
    fake_pdf = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all")
    with pytest.raises(ValidationError) as error:
        attachment_add(actor=user, target=organization, uploaded_file=fake_pdf)
    assert error.value.code == "file_type"
    real = SimpleUploadedFile("../../گزارش\u200fنهایی.pdf", PDF, content_type="text/plain")
    attachment = attachment_add(actor=user, target=organization, uploaded_file=real)
    assert attachment.mime_type == "application/pdf"
    assert attachment.original_name == "گزارشنهایی.pdf"
    assert ".." not in attachment.file.name
    assert attachment.file.name.endswith(".pdf")


def test_attachment_size_is_capped(settings):
    settings.KHOOSHE_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError) as error:
        validate_upload(SimpleUploadedFile("a.png", PNG + b"\x00" * 200))
    assert error.value.code == "file_too_large"
    assert validate_upload(SimpleUploadedFile("a.png", PNG)) == "image/png"


def test_attachment_download_is_refused_to_those_not_allowed(client, organization):
    attachment = attachment_add(
        actor=UserFactory(), target=organization, uploaded_file=SimpleUploadedFile("a.pdf", PDF)
    )
    register_visibility(Organization, lambda user, obj: user.is_authenticated)
    url = f"/attachments/{attachment.pk}/"
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_retried_request_with_the_same_key_acts_once():
    user = UserFactory()
    calls = []

    def action():
        calls.append(1)
        return 201, {"id": len(calls)}

    first = run_once(user=user, scope="repayment", key="abc", action=action)
    again = run_once(user=user, scope="repayment", key="abc", action=action)
    assert calls == [1]
    assert first[:2] == again[:2] == (201, {"id": 1})
    assert again[2] is True
    run_once(user=user, scope="repayment", key="other", action=action)
    assert len(calls) == 2


def test_desk_collects_sections_from_capabilities(client):
    user, other = UserFactory(), UserFactory()
    desk.register(
        "test-section",
        title="بررسی",
        pending=lambda u: (
            User.objects.filter(pk__in=[user.pk, other.pk]).order_by("pk") if u == user else None
        ),
        item=lambda row: desk.DeskItem(title=f"مورد {row.username}", url="/"),
    )
    try:
        client.force_login(user)
        html = client.get("/desk/").content.decode()
        assert f"مورد {other.username}" in html
        assert 'id="desk-count">۲<' in html
        client.force_login(other)
        assert 'id="desk-count">۰<' in client.get("/desk/").content.decode()
    finally:
        desk._sources.pop("test-section")


def test_state_machine_refuses_transitions_out_of_order():
    machine = StateMachine(
        [Transition("submit", frozenset({"draft"}), "submitted", "ارسال")],
        {"draft": "پیش‌نویس", "submitted": "ارسال‌شده"},
    )
    assert machine.advance("draft", "submit") == "submitted"
    with pytest.raises(TransitionNotAllowed) as error:
        machine.advance("submitted", "submit")
    assert "ارسال‌شده" in error.value.message
