"""A proposal's history reads as people read the proposal: related records by name, money
with its unit, the action by its name; the public is not told who on the staff acted."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from khooshe.history.selectors import history_entries
from khooshe.proposals.models import ProposalState

pytestmark = pytest.mark.django_db


def _changes(entry) -> dict:
    return {change.field: change for change in entry.changes}


def test_a_proposals_history_names_its_related_records_and_hides_staff_from_the_public(
    client, proposal, advance, gov02, actor
):
    advance(proposal, ProposalState.APPROVED)
    entries = history_entries(proposal, viewer=gov02)
    approved = entries[0]
    changes = _changes(approved)
    assert changes["approved_budget"].new == "۴٬۰۰۰٬۰۰۰٬۰۰۰ ریال"
    assert changes["state"].new == "تصویب‌شده"
    assert approved.reason == "تصویب: هم‌راستا با اولویت‌های استان"
    assert approved.user == str(gov02)
    forwarded = next(e for e in entries if "dossier" in _changes(e))
    assert _changes(forwarded)["dossier"].new == str(proposal.dossier)

    # The public reads what changed and when, not who on the staff changed it.
    public = history_entries(proposal, viewer=AnonymousUser())
    assert public[0].user == ""
    assert public[0].user_hidden
    assert _changes(public[0])["approved_budget"].new == "۴٬۰۰۰٬۰۰۰٬۰۰۰ ریال"
    # The proposal's own representative reads the page: the changes, not the staff's names.
    client.force_login(actor)
    page = client.get(reverse("proposals:history", args=[proposal.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert gov02.username not in html
    assert str(gov02) not in html
    assert "۴٬۰۰۰٬۰۰۰٬۰۰۰ ریال" in html
    assert "تصویب" in html
