import io

from khooshe.proposals import demo
from khooshe.proposals.models import Dossier, Priority, Proposal, ProposalState, ScoreSheet
from khooshe.registry import demo_users


def test_demo_loads_every_state_in_both_provinces_and_is_idempotent(db):
    demo_users.load(stdout=io.StringIO())
    demo.load(stdout=io.StringIO())
    for code in ("IR-02", "IR-03"):
        states = set(Proposal.objects.filter(province__code=code).values_list("state", flat=True))
        assert states == set(ProposalState.values)
        assert (
            Dossier.objects.filter(province__code=code, state=Dossier.State.FORWARDED).count() == 1
        )
        # The current year (1405) has its priorities too, so this year's proposals are
        # weighed against them.
        assert set(Priority.objects.filter(province__code=code).values_list("year", flat=True)) == {
            1403,
            1404,
            1405,
        }
    assert ScoreSheet.objects.exists()
    counts = (Proposal.objects.count(), Dossier.objects.count(), ScoreSheet.objects.count())
    demo.load(stdout=io.StringIO())
    assert (Proposal.objects.count(), Dossier.objects.count(), ScoreSheet.objects.count()) == counts
