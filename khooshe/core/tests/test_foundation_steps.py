"""The foundation's shared steps: the transition step, the history stamp, the page policy for
service refusals, the htmx rule, the registrations and the desk badge's cost."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from khooshe.accounts.tests.factories import UserFactory
from khooshe.core import desk, pages, registrations
from khooshe.core.attachments import attachment_add, with_attachments
from khooshe.core.concurrency import EditConflict, save_versioned
from khooshe.core.forms import DateConverterForm
from khooshe.core.models import Notification
from khooshe.core.workflow import (
    StateMachine,
    Transition,
    TransitionNotAllowed,
    apply_transition,
)
from khooshe.geo.models import Province
from khooshe.history.selectors import history_entries
from khooshe.history.services import stamp
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db

# A machine over a field every test database has: an organization's verification.
MACHINE = StateMachine(
    [
        Transition("verify", frozenset({"unverified"}), "verified", "تأیید"),
        Transition("revoke", frozenset({"verified"}), "unverified", "لغو تأیید"),
    ],
    {"unverified": "تأییدنشده", "verified": "تأییدشده"},
    field="verification",
)


@pytest.fixture
def organization():
    return Organization.objects.create(
        name="کاسپین داده", kind="company", province=Province.objects.get(code="IR-02")
    )


def test_transition_sets_state_bumps_version_and_records_who_and_why(organization):
    actor, owner = UserFactory(), UserFactory()
    version = organization.version
    applied = apply_transition(
        organization,
        machine=MACHINE,
        action="verify",
        actor=actor,
        note="مدارک کامل است",
        recipients=[owner],
        url="/o/",
    )
    organization.refresh_from_db()
    assert (applied.source, applied.target, applied.actor) == ("unverified", "verified", actor)
    assert organization.verification == "verified"
    assert organization.version == version + 1
    latest = history_entries(organization)[0]
    assert latest.user_id == actor.pk
    assert latest.reason == "تأیید: مدارک کامل است"
    notice = Notification.objects.get(recipient=owner)
    assert (notice.title, notice.body, notice.url) == (
        "«کاسپین داده»: تأییدشده",
        "مدارک کامل است",
        "/o/",
    )


def test_transition_out_of_order_changes_nothing(organization):
    with pytest.raises(TransitionNotAllowed) as refusal:
        apply_transition(organization, machine=MACHINE, action="revoke", actor=None)
    assert "تأییدنشده" in refusal.value.message
    organization.refresh_from_db()
    assert organization.verification == "unverified"
    assert organization.history.count() == 1  # only the creation


def test_transition_reads_the_state_under_the_lock_not_the_stale_copy(organization):
    stale = Organization.objects.get(pk=organization.pk)
    apply_transition(organization, machine=MACHINE, action="verify", actor=None)
    with pytest.raises(TransitionNotAllowed):
        apply_transition(stale, machine=MACHINE, action="verify", actor=None)
    assert Organization.objects.get(pk=organization.pk).history.count() == 2


def test_prepare_saves_its_fields_and_a_refusal_there_saves_nothing(organization):
    def note_website(org):
        org.website = "https://caspian.example.ir"
        return ["website"]

    apply_transition(
        organization, machine=MACHINE, action="verify", actor=None, prepare=note_website
    )
    organization.refresh_from_db()
    assert organization.website == "https://caspian.example.ir"

    def refuse(org):
        raise ValidationError({"note": ["دلیل لازم است."]})

    with pytest.raises(ValidationError):
        apply_transition(organization, machine=MACHINE, action="revoke", actor=None, prepare=refuse)
    organization.refresh_from_db()
    assert organization.verification == "verified"


def test_stamp_names_the_actor_and_why_and_ignores_anonymous(organization):
    actor = UserFactory()
    stamp(organization, actor=actor, reason="ویرایش نشانی")
    organization.save()
    record = organization.history.latest()
    assert record.history_user_id == actor.pk
    assert record.history_change_reason == "ویرایش نشانی"
    stamp(organization, actor=None)
    organization.save()
    record = organization.history.latest()
    assert record.history_user_id is None
    assert record.history_change_reason is None


def test_call_service_puts_refusals_on_the_form_with_the_policy_status(organization):
    form = DateConverterForm({"date": "1403/01/01"})
    assert form.is_valid()

    def refuse_input():
        raise ValidationError({"date": ["تاریخ دیگری بنویسید."], "other": ["نادرست"]})

    outcome = pages.call_service(form, refuse_input)
    assert (bool(outcome), outcome.status, pages.form_status(form)) == (False, 400, 400)
    assert form.errors["date"] == ["تاریخ دیگری بنویسید."]
    assert form.non_field_errors() == ["نادرست"]

    form = DateConverterForm({"date": "1403/01/01"})
    form.is_valid()
    outcome = pages.call_service(
        form, apply_transition, instance=organization, machine=MACHINE, action="revoke", actor=None
    )
    assert (outcome.status, pages.form_status(form)) == (409, 409)

    stale_version = organization.version
    organization.name = "نام تازه"
    save_versioned(organization, expected_version=stale_version, update_fields=["name"])
    form = DateConverterForm({"date": "1403/01/01"})
    form.is_valid()

    def edit_from_stale_version():
        save_versioned(organization, expected_version=stale_version, update_fields=["name"])

    outcome = pages.call_service(form, edit_from_stale_version)
    assert outcome.status == 409
    assert isinstance(outcome.value, type(None))
    with pytest.raises(EditConflict):
        edit_from_stale_version()

    form = DateConverterForm({"date": "1403/01/01"})
    form.is_valid()
    outcome = pages.call_service(form, lambda: 7)
    assert (bool(outcome), outcome.value, pages.form_status(form)) == (True, 7, 200)
    assert pages.form_status(DateConverterForm()) == 200
    assert pages.form_status(DateConverterForm({"date": "نادرست"})) == 400


def _htmx_request(**headers):
    return RequestFactory().get("/list/?q=x&page=3", **headers)


@pytest.mark.parametrize(
    ("headers", "partial"),
    [
        ({}, False),
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "results"}, True),
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "other"}, False),
        (  # the back button restoring the page with historyCacheSize 0
            {
                "HTTP_HX_REQUEST": "true",
                "HTTP_HX_TARGET": "results",
                "HTTP_HX_HISTORY_RESTORE_REQUEST": "true",
            },
            False,
        ),
        ({"HTTP_HX_REQUEST": "true", "HTTP_HX_BOOSTED": "true"}, False),
    ],
)
def test_the_partial_goes_only_to_an_htmx_swap_of_its_target(headers, partial):
    request = _htmx_request(**headers)
    request.htmx = HtmxDetails(request)
    assert pages.wants_partial(request, "results") is partial


def test_query_string_drops_the_page_and_empty_values():
    request = RequestFactory().get("/list/?q=x&page=3&kind=&county=5")
    assert pages.query_string(request) == "q=x&county=5"
    assert pages.query_string(request, kind="company") == "q=x&kind=company&county=5"
    assert pages.page_size_of(RequestFactory().get("/?page_size=1000")) == pages.MAX_PAGE_SIZE
    assert pages.page_size_of(RequestFactory().get("/?page_size=abc")) == pages.DEFAULT_PAGE_SIZE


def test_registrations_render_in_order_and_a_panel_may_stay_hidden(rf, monkeypatch):
    monkeypatch.setattr(registrations, "_profile_panels", {})
    registrations.register_profile_panel(
        "test.hidden", template="core/date_converter.html", context=lambda r, o: None, order=1
    )
    registrations.register_profile_panel(
        "test.second", template="partials/nav_items.html", context=lambda r, o: {}, order=20
    )
    registrations.register_profile_panel(
        "test.first",
        template="partials/nav_items.html",
        context=lambda r, o: {"nav_entries": [registrations.NavEntry("x", o.name, "core:home", 1)]},
        order=10,
    )
    request = rf.get("/")
    request.user = AnonymousUser()
    html = registrations.render_profile_panels(request, Organization(name="کاسپین"))
    # the first panel by order, then the second (the shell's own navigation in its context)
    assert html.startswith('<li class="nav-item"><a class="nav-link" href="/">کاسپین</a>')
    assert "بانک فعالان" in html
    assert "date" not in html  # the hidden panel rendered nothing
    entries = registrations.nav_entries()
    assert [entry.key for entry in entries][:4] == ["registry", "proposals", "loans", "governance"]
    assert [entry.order for entry in entries] == sorted(entry.order for entry in entries)


def test_core_imports_no_capability():
    core = Path(registrations.__file__).parent
    capabilities = ("registry", "proposals", "loans", "governance")
    offenders = [
        f"{path.relative_to(core)}: {line.strip()}"
        for path in core.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts
        for line in path.read_text(encoding="utf-8").splitlines()
        if any(f"khooshe.{app}" in line for app in capabilities)
    ]
    assert offenders == []


def test_a_static_page_does_not_pay_for_the_desk(client, django_assert_max_num_queries):
    user = UserFactory()
    client.force_login(user)
    client.get("/tools/date/")  # the badge is counted once …
    with django_assert_max_num_queries(4):  # session, user, grants, unread notifications
        response = client.get("/tools/date/")
    assert response.status_code == 200


def test_the_badge_is_recounted_after_a_transition(client, organization):
    user = UserFactory()
    desk.register(
        "test-verify",
        title="تأیید",
        pending=lambda u: Organization.objects.filter(verification="unverified"),
        item=lambda org: desk.DeskItem(title=org.name, url="/"),
    )
    try:
        assert desk.desk_count(user) == 1
        apply_transition(organization, machine=MACHINE, action="verify", actor=None)
        assert desk.desk_count(user) == 0
    finally:
        desk._sources.pop("test-verify")


def test_render_page_varies_on_hx_request(rf):
    request = rf.get("/")
    request.htmx = False
    request.user = AnonymousUser()
    response = pages.render_page(request, "core/date_converter.html", {"form": DateConverterForm()})
    assert isinstance(response, HttpResponse)
    assert "HX-Request" in response["Vary"]


def test_attachments_of_many_rows_in_one_query(organization, django_assert_num_queries):
    other = Organization.objects.create(
        name="البرز داده", kind="company", province=organization.province
    )
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    attachment_add(
        actor=None,
        target=organization,
        uploaded_file=SimpleUploadedFile("a.pdf", pdf, content_type="application/pdf"),
        title="مجوز",
    )
    rows = list(Organization.objects.filter(pk__in=[organization.pk, other.pk]))
    with django_assert_num_queries(1):
        rows = with_attachments(rows)
    by_name = {row.name: [a.title for a in row.files] for row in rows}
    assert by_name == {"کاسپین داده": ["مجوز"], "البرز داده": []}
