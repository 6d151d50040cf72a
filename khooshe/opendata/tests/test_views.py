"""The catalogue page and a dataset's page."""

import pytest
from django.urls import reverse

from khooshe.events.tests.factories import EventFactory
from khooshe.opendata import services
from khooshe.opendata.datasets import DATASETS
from khooshe.opendata.views.pages import PAGE_SIZE

pytestmark = pytest.mark.django_db


def test_catalogue_lists_every_dataset_with_licence_update_and_counts(
    client, django_assert_max_num_queries
):
    EventFactory()
    services.download_count_increment(dataset="events", format="csv")
    services.download_count_increment(dataset="events", format="json")
    with django_assert_max_num_queries(PAGE_SIZE + 6):
        response = client.get(reverse("opendata:index"))
    assert response.status_code == 200
    html = response.content.decode()
    html += client.get(reverse("opendata:index"), {"page": 2}).content.decode()
    for dataset in DATASETS.values():
        assert f'data-dataset="{dataset.slug}"' in html
    assert "CC-BY-4.0" in html
    row = html.split('data-dataset="events"')[1].split("</tr>")[0]
    assert '<td class="download-count">۲</td>' in row
    assert "<time" in row


def test_catalogue_figures_are_cached(client, django_assert_max_num_queries):
    client.get(reverse("opendata:index"))
    with django_assert_max_num_queries(5):
        assert client.get(reverse("opendata:index")).status_code == 200


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("خدمات الکترونيكي", "eservices"),  # Arabic yeh and kaf
        ("دانشبنیان", "actors"),  # no zero-width non-joiner
        ("وعده", "commitments"),
        ("Loans", "programs"),
    ],
)
def test_search_finds_a_dataset_in_any_spelling(client, query, slug):
    response = client.get(reverse("opendata:index"), {"q": query})
    html = response.content.decode()
    assert f'data-dataset="{slug}"' in html
    assert html.count("data-dataset=") < len(DATASETS)


def test_search_with_htmx_gets_the_results_only(client):
    response = client.get(
        reverse("opendata:index"),
        {"q": "رویداد"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'data-dataset="events"' in html
    assert "HX-Request" in response["Vary"]


def test_dataset_page_shows_the_data_dictionary(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = client.get(reverse("opendata:detail", args=["obstacles"]))
    html = response.content.decode()
    for column in DATASETS["obstacles"].columns:
        assert f"<code>{column.name}</code>" in html
    assert "Creative Commons Attribution 4.0" in html
    assert "&lt;5" in html  # the small-groups rule is explained


def test_dataset_page_in_english(client):
    client.cookies["khooshe_language"] = "en"
    response = client.get(reverse("opendata:detail", args=["events"]))
    html = response.content.decode()
    assert "Visitor capacity" in html


def test_unknown_dataset_page_is_404(client):
    assert client.get("/opendata/nothing/").status_code == 404
