"""Every Data Package validates under the ``frictionless`` validator against the real CSV the
server writes (saved where the descriptor's relative path points)."""

import json

import pytest
from django.urls import reverse
from frictionless import validate

from khooshe.eservices.tests.factories import ChannelFactory, EServiceFactory
from khooshe.events.tests.factories import EventFactory
from khooshe.governance.tests.factories import CommitmentFactory
from khooshe.loans.tests.factories import ProgramFactory
from khooshe.obstacles.tests.factories import ObstacleFactory
from khooshe.opendata.datasets import DATASETS
from khooshe.opendata.tests.conftest import content_of, download
from khooshe.proposals.models import ProposalState
from khooshe.proposals.tests.factories import ProposalFactory
from khooshe.registry.tests.factories import OrganizationFactory, SectorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    OrganizationFactory(name="شرکت «داده» ۱", employees=12, sectors=[SectorFactory()])
    OrganizationFactory(name='نام با , و " و خط\nدوم', website="https://example.ir")
    ProposalFactory(state=ProposalState.APPROVED, approved_budget=10**12)
    ProgramFactory()
    CommitmentFactory(due_text="پایان شهریور ۱۳۹۳")
    ChannelFactory(eservice=EServiceFactory(fee=150_000, delivery_hours=48))
    EventFactory()
    ObstacleFactory(support_count=2)
    ObstacleFactory(support_count=40)


def _save(client, tmp_path, slug):
    folder = tmp_path / slug
    folder.mkdir(exist_ok=True)
    (folder / f"{slug}.csv").write_bytes(content_of(download(client, slug, "csv")))
    return folder


def _errors(report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("slug", sorted(DATASETS))
def test_each_dataset_package_validates(client, tmp_path, records, slug):
    folder = _save(client, tmp_path, slug)
    response = client.get(reverse("opendata:datapackage", args=[slug]))
    assert response.status_code == 200
    descriptor = json.loads(response.content)
    assert descriptor["resources"][0]["path"] == f"{slug}.csv"
    for field in descriptor["resources"][0]["schema"]["fields"]:
        assert field["title"], field["name"]
        assert field["title_en"], field["name"]
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, _errors(report)
    if not slug.startswith("indicator-"):  # the indicators have no values before a run
        assert report.tasks[0].stats["rows"] >= 1


def test_the_catalogue_package_validates(client, tmp_path, records):
    for slug in DATASETS:
        _save(client, tmp_path, slug)
    response = client.get(reverse("opendata:catalogue_datapackage"))
    descriptor = json.loads(response.content)
    assert {r["name"] for r in descriptor["resources"]} == set(DATASETS)
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, _errors(report)


def test_a_wrong_value_fails_validation(client, tmp_path, records):
    """The check has teeth: a CSV that breaks its schema does not validate."""
    folder = _save(client, tmp_path, "events")
    csv_path = folder / "events.csv"
    csv_path.write_text(
        csv_path.read_text(encoding="utf-8-sig").replace("2030-05-01", "1409/02/11"),
        encoding="utf-8",
    )
    descriptor = client.get(reverse("opendata:datapackage", args=["events"])).content
    (folder / "datapackage.json").write_bytes(descriptor)
    assert not validate(str(folder / "datapackage.json")).valid
