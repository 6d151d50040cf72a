"""Forms that help: the proposal form offers only its province's counties and agencies
(near-duplicates once), searchable; the score form shows weights in the page's digits."""

import pytest
from django.urls import reverse
from django.utils import translation

from khooshe.geo.models import County
from khooshe.proposals.forms import ProposalForm, ScoreForm, agency_choices
from khooshe.proposals.models import ProposalState
from khooshe.proposals.tests.factories import (
    CriterionFactory,
    OrganizationFactory,
    county,
    province,
)
from khooshe.registry.models import Organization

pytestmark = pytest.mark.django_db
AGENCY = Organization.Kind.GOVERNMENT_AGENCY


def _agency(name, code="IR-02", **kwargs):
    return OrganizationFactory(
        name=name, kind=AGENCY, province=province(code), county=county(code), **kwargs
    )


def test_agencies_of_the_province_once_each():
    verified = _agency(
        "اداره کل ثبت اسناد استان مازندران", verification=Organization.Verification.VERIFIED
    )
    numbered = _agency("اداره كل ثبت اسناد مازندران ۲۷۹")
    latin = _agency("اداره کل ثبت اسناد مازندران 104")
    other = _agency("اداره کل پست استان مازندران")
    tabriz = _agency("اداره کل ثبت اسناد آذربایجان شرقی", code="IR-03")
    offered = set(agency_choices(province("IR-02")))
    assert offered == {verified, other}
    assert numbered not in offered
    assert latin not in offered
    assert tabriz not in offered
    # the proposal's current choice stays offered even when it is a duplicate
    assert numbered in set(agency_choices(province("IR-02"), keep=numbered.pk))


def test_proposal_form_limits_counties_and_agencies_to_the_province():
    _agency("استانداری مازندران")
    tabriz = _agency("استانداری آذربایجان شرقی", code="IR-03")
    form = ProposalForm(province=province("IR-02"))
    counties = set(form.fields["county"].queryset)
    assert counties == set(County.objects.filter(province=province("IR-02")))
    assert tabriz not in set(form.fields["beneficiary"].queryset)
    for name in ("county", "beneficiary", "capabilities"):
        assert form.fields[name].widget.attrs["data-searchable"] == "1"


def test_new_proposal_page_uses_the_actors_province(client, actor, actor_org):
    _agency("استانداری مازندران")
    tabriz = _agency("استانداری آذربایجان شرقی", code="IR-03")
    client.force_login(actor)
    page = client.get(reverse("proposals:create"))
    html = page.content.decode()
    assert page.context["province"] == actor_org.province
    assert tabriz.name not in html
    assert "تبریز" not in html
    assert 'name="province" value="IR-02"' in html
    # another province on request
    wide = client.get(reverse("proposals:create"), {"province": "IR-03"})
    assert tabriz.name in wide.content.decode()


def test_proposal_saved_with_a_county_of_the_chosen_province(client, actor, actor_org):
    client.force_login(actor)
    sari = county("IR-02", "ساری")
    data = {
        "province": "IR-02",
        "title": "سامانه نوبت‌دهی",
        "problem": "صف‌های طولانی",
        "solution": "نوبت‌دهی برخط",
        "county": sari.pk,
        "estimated_budget": "۱۰۰٬۰۰۰٬۰۰۰",
        "duration_months": "۶",
        "expected_jobs": "۴",
    }
    response = client.post(reverse("proposals:create"), data)
    assert response.status_code == 302
    tabriz = county("IR-03", "تبریز")
    refused = client.post(reverse("proposals:create"), {**data, "county": tabriz.pk})
    assert refused.status_code == 400


def test_score_form_weights_in_the_pages_digits():
    criterion = CriterionFactory(title="اثر اقتصادی", weight=3)
    form = ScoreForm(criteria=[criterion])
    assert form.fields[f"c{criterion.pk}"].label == "اثر اقتصادی (×۳)"
    assert [label for _v, label in form.fields[f"c{criterion.pk}"].choices] == [
        "۱",
        "۲",
        "۳",
        "۴",
        "۵",
    ]
    with translation.override("en"):
        english = ScoreForm(criteria=[criterion])
        assert english.fields[f"c{criterion.pk}"].label == "اثر اقتصادی (×3)"


def test_score_page_uses_the_shells_form_style(client, proposal, advance, evaluator02):
    CriterionFactory(title="اثر اقتصادی", weight=3)
    advance(proposal, ProposalState.UNDER_EVALUATION)
    client.force_login(evaluator02)
    html = client.get(reverse("proposals:score", args=[proposal.pk])).content.decode()
    assert "(×۳)" in html
    assert "(×3)" not in html
    assert 'class="btn-check"' in html
    assert 'class="form-control"' in html
    assert "style=" not in html
