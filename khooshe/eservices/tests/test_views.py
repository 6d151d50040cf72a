import pytest
from django.urls import reverse

from khooshe.eservices.models import Channel, EService
from khooshe.eservices.tests.factories import (
    AgencyFactory,
    ChannelFactory,
    EServiceFactory,
    YearlyTransactionsFactory,
    province,
)
from khooshe.persian.jalali import today_jalali_year
from khooshe.persian.text import to_persian_digits

pytestmark = pytest.mark.django_db


def _catalogue(agency, n=15):
    kinds = ["web", "mobile_app", "call_center"]
    maturities = ["informational", "interactive", "transactional", "integrated"]
    for i in range(n):
        eservice = EServiceFactory(agency=agency, maturity=maturities[i % 4])
        ChannelFactory(eservice=eservice, kind=kinds[i % 3])


def test_catalogue_lists_with_counts_within_query_budget(
    client, agency, django_assert_max_num_queries
):
    _catalogue(agency)
    EServiceFactory(agency=agency, name="خدمت بازنشسته", status="retired")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("eservices:index"), {"province": "IR-02"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "خدمت بازنشسته" not in html
    assert 'data-facet="maturity"' in html
    assert "۱۵ خدمت" in html
    assert 'type="number"' not in html


@pytest.mark.parametrize(
    "query",
    [
        "كارت سوخت",  # Arabic ك
        "کارتسوخت",  # no space
        "کارت‌سوخت",  # ZWNJ
        "سوخت ۱۴۰۳",  # Persian digits
        "سوخت ١٤٠٣",  # Arabic-Indic digits
        "ثبت اسناد سوخت",  # the agency's name and the service's
    ],
)
def test_search_in_any_spelling(client, agency, query):
    EServiceFactory(agency=agency, name="درخواست کارت سوخت 1403")
    EServiceFactory(agency=agency, name="گواهی دیگر")
    response = client.get(reverse("eservices:index"), {"q": query})
    html = response.content.decode()
    assert "درخواست کارت سوخت" in html
    assert "گواهی دیگر" not in html


def test_filters_channel_maturity_audience_agency(client, agency, other_agency):
    a = EServiceFactory(agency=agency, name="الف", maturity="transactional", audience="businesses")
    ChannelFactory(eservice=a, kind="ussd", address="*123#")
    EServiceFactory(agency=other_agency, name="ب", maturity="informational")
    html = client.get(
        reverse("eservices:index"),
        {"channel": "ussd", "maturity": "transactional", "audience": "businesses"},
    ).content.decode()
    assert ">الف<" in html
    assert ">ب<" not in html
    html = client.get(
        reverse("eservices:index"), {"agency": to_persian_digits(str(other_agency.pk))}
    ).content.decode()
    assert ">ب<" in html
    assert ">الف<" not in html


def test_htmx_swap_gets_results_only(client, agency):
    EServiceFactory(agency=agency)
    response = client.get(
        reverse("eservices:index"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_detail_page(client, agency, django_assert_max_num_queries):
    eservice = EServiceFactory(agency=agency, fee=250000, delivery_hours=0)
    ChannelFactory(eservice=eservice, kind="call_center", address="۱۱۱")
    YearlyTransactionsFactory(eservice=eservice, jalali_year=1402, count=12000)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("eservices:detail", args=[eservice.pk]))
    html = response.content.decode()
    assert "۱۴۰۲" in html
    assert "۱۲٬۰۰۰" in html
    assert "بی‌درنگ" in html
    assert "ویرایش" not in html


def test_retired_detail_hidden_from_public(client, rep, agency):
    eservice = EServiceFactory(agency=agency, status="retired")
    assert client.get(reverse("eservices:detail", args=[eservice.pk])).status_code == 404
    client.force_login(rep)
    assert client.get(reverse("eservices:detail", args=[eservice.pk])).status_code == 200


def test_representative_adds_with_persian_digits(client, rep, agency):
    client.force_login(rep)
    url = reverse("eservices:create", args=[agency.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "استعلام سند",
            "audience": "citizens",
            "maturity": "interactive",
            "fee": "۱۲۰٬۰۰۰",
            "delivery_hours": "۲۴",
            "launched_on": "۱۴۰۰/۰۲/۰۱",
            "status": "live",
            "channel_web": "https://sabt.example.ir",
            "idempotency_key": "k1",
        },
    )
    assert response.status_code == 302
    eservice = EService.objects.get()
    assert (eservice.fee, eservice.delivery_hours) == (120000, 24)
    assert eservice.launched_on.isoformat() == "2021-04-21"
    # a retried POST with the same key records it once
    client.post(
        url,
        {
            "name": "استعلام سند",
            "audience": "citizens",
            "maturity": "interactive",
            "status": "live",
            "idempotency_key": "k1",
        },
    )
    assert EService.objects.count() == 1


def test_bad_input_shows_persian_messages(client, rep, agency):
    client.force_login(rep)
    response = client.post(
        reverse("eservices:create", args=[agency.pk]),
        {
            "name": "x",
            "audience": "citizens",
            "maturity": "interactive",
            "fee": "-۵",
            "status": "live",
        },
    )
    assert response.status_code == 400
    assert "مبلغ نمی‌تواند منفی باشد." in response.content.decode()
    response = client.post(
        reverse("eservices:create", args=[agency.pk]),
        {
            "name": "x",
            "audience": "citizens",
            "maturity": "interactive",
            "delivery_hours": "-۵",
            "status": "live",
        },
    )
    assert response.status_code == 400
    assert "زمان ارائه نمی‌تواند منفی باشد." in response.content.decode()
    assert not EService.objects.exists()


def test_representative_of_other_agency_cannot_add_or_edit(client, other_rep, agency):
    eservice = EServiceFactory(agency=agency)
    client.force_login(other_rep)
    assert client.get(reverse("eservices:create", args=[agency.pk])).status_code == 403
    assert client.get(reverse("eservices:edit", args=[eservice.pk])).status_code == 403
    assert client.post(reverse("eservices:confirm", args=[eservice.pk])).status_code == 403


def test_edit_and_conflict(client, rep, agency):
    eservice = EServiceFactory(agency=agency, name="قدیم")
    ChannelFactory(eservice=eservice)
    client.force_login(rep)
    url = reverse("eservices:edit", args=[eservice.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": "جدید",
        "audience": "citizens",
        "maturity": "integrated",
        "version": "1",
        "channel_web": "https://b.ir",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "name": "سوم"}).status_code == 409
    assert EService.objects.get().name == "جدید"
    assert Channel.objects.get().address == "https://b.ir"


def test_transactions_form_refuses_future_year(client, rep, agency):
    eservice = EServiceFactory(agency=agency)
    client.force_login(rep)
    url = reverse("eservices:transactions", args=[eservice.pk])
    future = to_persian_digits(str(today_jalali_year() + 1))
    response = client.post(url, {"jalali_year": future, "count": "۱۰", "source": "آمار"})
    assert response.status_code == 400
    assert "سال آمار نمی‌تواند در آینده باشد." in response.content.decode()
    past = to_persian_digits(str(today_jalali_year() - 1))
    assert (
        client.post(url, {"jalali_year": past, "count": "۱۰", "source": "آمار"}).status_code == 302
    )


def test_status_buttons(client, rep, agency):
    eservice = EServiceFactory(agency=agency, status="planned")
    client.force_login(rep)
    client.post(reverse("eservices:transition", args=[eservice.pk]), {"action": "launch"})
    assert EService.objects.get().status == "live"
    response = client.post(
        reverse("eservices:transition", args=[eservice.pk]), {"action": "launch"}, follow=True
    )
    assert "launch" not in [m.message for m in response.context["messages"]]
    assert EService.objects.get().status == "live"


def test_agency_page_review_and_profile_panel(client, staff, staff_elsewhere, agency):
    EServiceFactory(agency=agency, name="خدمت پنل")
    html = client.get(reverse("registry:organization_detail", args=[agency.pk])).content.decode()
    assert "خدمت پنل" in html
    assert 'id="eservices-panel"' in html
    response = client.get(reverse("eservices:agency", args=[agency.pk]))
    assert "امتیاز آمادگی" in response.content.decode()
    client.force_login(staff_elsewhere)
    assert client.post(reverse("eservices:agency_review", args=[agency.pk])).status_code == 403
    client.force_login(staff)
    assert client.get(reverse("eservices:review_queue")).status_code == 200
    client.post(reverse("eservices:agency_review", args=[agency.pk]), {"note": "بررسی شد"})
    assert agency.eservice_reviews.count() == 1


def test_readiness_page_and_checklist(client, staff, agency, django_assert_max_num_queries):
    AgencyFactory(name="اداره بی‌خدمت")
    _catalogue(agency, n=4)
    url = reverse("eservices:readiness", args=["IR-02"])
    with django_assert_max_num_queries(10):
        html = client.get(url).content.decode()
    assert 'id="province-score"' in html
    assert 'id="checklist"' not in html
    client.force_login(staff)
    html = client.get(url).content.decode()
    assert 'id="checklist"' in html
    assert "اداره بی‌خدمت" in html


def test_mine_page(client, rep, agency):
    EServiceFactory(agency=agency, name="خدمت من")
    client.force_login(rep)
    assert "خدمت من" in client.get(reverse("eservices:mine")).content.decode()


def test_anonymous_is_sent_to_login(client, agency):
    response = client.get(reverse("eservices:create", args=[agency.pk]))
    assert response.status_code == 302


def test_east_azarbaijan_catalogue(client):
    tabriz = AgencyFactory(province=province("IR-03"), county=None)
    EServiceFactory(agency=tabriz, name="خدمت تبریز")
    html = client.get(reverse("eservices:index"), {"province": "IR-03"}).content.decode()
    assert "خدمت تبریز" in html
    html = client.get(reverse("eservices:index"), {"province": "IR-02"}).content.decode()
    assert "خدمت تبریز" not in html
