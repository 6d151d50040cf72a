import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from khooshe.persian.jalali import TEHRAN
from khooshe.persian.text import to_persian_digits
from khooshe.proposals import services
from khooshe.proposals.models import ProposalState as S
from khooshe.proposals.selectors.proposals import (
    alignment,
    dossier_proposals,
    priorities_for,
    proposal_year,
    score_view,
)
from khooshe.proposals.tests.factories import (
    CriterionFactory,
    PriorityFactory,
    ProposalFactory,
    SectorFactory,
    assign,
)


@pytest.fixture
def rubric(db):
    return [
        CriterionFactory(title="اثر اقتصادی", weight=3),
        CriterionFactory(title="امکان‌پذیری", weight=1),
    ]


def test_weighted_score_and_mean_of_evaluators(
    proposal, advance, rubric, evaluator02, evaluator02b, gov02
):
    advance(proposal, S.UNDER_EVALUATION)
    first = services.score_submit(
        declare_no_conflict=True,
        actor=evaluator02,
        proposal=proposal,
        values={rubric[0].pk: 5, rubric[1].pk: 1},
    )
    assert first.weighted_score == Decimal("75.00")  # mean 4 of 1..5 → 75
    services.score_submit(
        declare_no_conflict=True,
        actor=evaluator02b,
        proposal=proposal,
        values={rubric[0].pk: 3, rubric[1].pk: 3},
    )
    view = score_view(viewer=gov02, proposal=proposal)
    assert view.count == 2
    assert view.mean == Decimal("62.50")


def test_evaluator_cannot_see_others_scores_before_submitting(
    proposal, advance, rubric, evaluator02, evaluator02b
):
    advance(proposal, S.FORWARDED)
    services.score_submit(
        declare_no_conflict=True,
        actor=evaluator02,
        proposal=proposal,
        values={c.pk: 4 for c in rubric},
    )
    blind = score_view(viewer=evaluator02b, proposal=proposal)
    assert blind.blind
    assert blind.sheets == []
    assert blind.mean is None
    assert blind.count == 1
    services.score_submit(
        declare_no_conflict=True,
        actor=evaluator02b,
        proposal=proposal,
        values={c.pk: 2 for c in rubric},
    )
    seen = score_view(viewer=evaluator02b, proposal=proposal)
    assert not seen.blind
    assert len(seen.sheets) == 2


def test_scores_are_refused_out_of_range_and_outside_evaluation(
    proposal, advance, rubric, evaluator02
):
    advance(proposal, S.SCREENING)
    with pytest.raises(PermissionDenied):
        services.score_submit(
            declare_no_conflict=True,
            actor=evaluator02,
            proposal=proposal,
            values={c.pk: 3 for c in rubric},
        )
    advance(proposal, S.FORWARDED)
    with pytest.raises(ValidationError):
        services.score_submit(
            declare_no_conflict=True,
            actor=evaluator02,
            proposal=proposal,
            values={rubric[0].pk: 6, rubric[1].pk: 3},
        )
    with pytest.raises(ValidationError):
        services.score_submit(
            declare_no_conflict=True, actor=evaluator02, proposal=proposal, values={rubric[0].pk: 3}
        )


def test_evaluator_of_another_province_cannot_score(proposal, advance, rubric, gov03):
    advance(proposal, S.FORWARDED)
    with pytest.raises(PermissionDenied):
        services.score_submit(
            declare_no_conflict=True,
            actor=gov03,
            proposal=proposal,
            values={c.pk: 3 for c in rubric},
        )


def test_alignment_with_priorities_by_sector_and_keyword(db):
    agriculture = SectorFactory(slug="agri", name="کشاورزی")
    PriorityFactory(title="کشاورزی هوشمند", weight=30, sector=agriculture, year=1404)
    PriorityFactory(title="مرکز داده", weight=10, keywords="مرکز داده، دیتاسنتر", year=1404)
    PriorityFactory(title="گردشگری", weight=60, keywords="گردشگری", year=1404)
    priorities = list(
        __import__("khooshe.proposals.models", fromlist=["Priority"]).Priority.objects.all()
    )
    proposal = ProposalFactory(sector=agriculture, problem="نبود مرکزداده استانی")
    result = alignment(proposal, priorities)
    assert result.percent == 40
    assert {p.title for p, _r in result.matched} == {"کشاورزی هوشمند", "مرکز داده"}


def test_dossier_ranking_by_mean_score(actor, actor_org, advance, rubric, evaluator02, guild02):
    low = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    high = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    for p in (low, high):
        advance(p, S.ACCEPTED)
    dossier = services.dossier_create(
        actor=guild02, province=low.province, title="د", proposals=[low, high]
    )
    services.dossier_forward(actor=guild02, dossier=dossier)
    low.refresh_from_db()
    high.refresh_from_db()
    assign(low, evaluator02)
    assign(high, evaluator02)
    services.score_submit(
        declare_no_conflict=True, actor=evaluator02, proposal=low, values={c.pk: 2 for c in rubric}
    )
    services.score_submit(
        declare_no_conflict=True, actor=evaluator02, proposal=high, values={c.pk: 5 for c in rubric}
    )
    ranked = dossier_proposals(dossier)
    assert [p.pk for p in ranked] == [high.pk, low.pk]
    assert ranked[0].mean_score == Decimal("100")


def _submitted_in(proposal, year_start_gregorian):
    """Mark ``proposal`` as submitted on a Gregorian date (its Jalali year is its year)."""
    moment = datetime.datetime.combine(year_start_gregorian, datetime.time(10), tzinfo=TEHRAN)
    type(proposal).objects.filter(pk=proposal.pk).update(submitted_at=moment)
    proposal.refresh_from_db()
    return proposal


def test_a_proposal_is_measured_against_its_own_years_priorities(db):
    PriorityFactory(title="اولویت ۱۴۰۴", keywords="مرکبات", year=1404)
    PriorityFactory(title="اولویت ۱۴۰۵", keywords="کشاورزان", year=1405)
    PriorityFactory(title="اولویت ۱۴۰۶", keywords="بازار", year=1406)
    proposal = _submitted_in(ProposalFactory(), datetime.date(2026, 6, 1))  # 1405/03/11
    assert proposal_year(proposal) == 1405
    result = alignment(proposal)
    assert result.year == 1405
    assert not result.fallback
    assert [p.title for p, _r in result.matched] == ["اولویت ۱۴۰۵"]


def test_without_its_years_priorities_the_latest_earlier_year_is_used_and_said(db):
    PriorityFactory(title="اولویت ۱۴۰۳", keywords="کشاورزان", year=1403)
    PriorityFactory(title="اولویت ۱۴۰۶", keywords="کشاورزان", year=1406)
    proposal = _submitted_in(ProposalFactory(), datetime.date(2026, 6, 1))
    result = alignment(proposal)
    assert (result.year, result.proposal_year, result.fallback) == (1403, 1405, True)
    # never a later year's
    earlier = _submitted_in(ProposalFactory(), datetime.date(2023, 6, 1))  # 1402
    assert priorities_for(earlier.province_id, 1402) == []
    assert alignment(earlier).year is None


def test_a_dossier_ranks_each_proposal_against_its_own_years_priorities(
    actor, actor_org, advance, guild02
):
    PriorityFactory(title="۱۴۰۴", keywords="کشاورزان", year=1404, weight=10)
    PriorityFactory(title="۱۴۰۵", keywords="گردشگری", year=1405, weight=10)
    old = ProposalFactory(created_by=actor, submitter_organization=actor_org)
    new = ProposalFactory(
        created_by=actor, submitter_organization=actor_org, problem="گردشگری دیجیتال"
    )
    for proposal in (old, new):
        advance(proposal, S.ACCEPTED)
    _submitted_in(old, datetime.date(2025, 6, 1))  # 1404
    _submitted_in(new, datetime.date(2026, 6, 1))  # 1405
    dossier = services.dossier_create(
        actor=guild02, province=old.province, title="پرونده", proposals=[old, new]
    )
    ranked = {p.pk: p.alignment for p in dossier_proposals(dossier)}
    assert (ranked[old.pk].year, ranked[old.pk].percent) == (1404, 100)
    assert (ranked[new.pk].year, ranked[new.pk].percent) == (1405, 100)


def test_the_proposal_page_says_which_years_priorities_it_used(client, proposal, gov02):
    PriorityFactory(title="اولویت پیشین", keywords="کشاورزان", year=1300)
    client.force_login(gov02)
    proposal.state = S.SUBMITTED
    proposal.save()
    html = client.get(reverse("proposals:detail", args=[proposal.pk])).content.decode()
    year = to_persian_digits(str(proposal_year(proposal)))
    assert f"برای سال {year} (سال این طرح) اولویتی ثبت نشده است" in html
    assert "اولویت‌های سال ۱۳۰۰ سنجیده شد" in html
