import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from khooshe.core.workflow import TransitionNotAllowed
from khooshe.governance.models import Commitment
from khooshe.governance.tests.factories import ProjectFactory
from khooshe.indicators.statements import statements_for
from khooshe.persian.jalali import format_jalali
from khooshe.record import services
from khooshe.record.models import Article, Suggestion
from khooshe.record.services import processing
from khooshe.registry.tests.factories import OrganizationFactory, province

pytestmark = pytest.mark.django_db


def test_article_keeps_the_original_and_the_repaired_text(article):
    assert article.original_text.startswith("نشست فعالان ICT در استانداری برگزار شد\n\n")
    assert not article.text.startswith("نشست فعالان")  # the repeated headline is removed
    assert article.is_processed
    assert article.history.count() == 1


def test_empty_text_future_date_and_duplicates_are_refused_in_persian(make_article, article):
    with pytest.raises(ValidationError) as error:
        make_article(original_text=" \n\u200c ", url="")
    assert "متن خبر خالی است." in error.value.message_dict["original_text"]
    with pytest.raises(ValidationError) as error:
        make_article(published_on=timezone.localdate() + datetime.timedelta(days=1))
    assert "تاریخ انتشار نمی‌تواند در آینده باشد." in error.value.message_dict["published_on"]
    with pytest.raises(ValidationError) as error:  # the same text in another spelling
        make_article(original_text=article.original_text.replace("رایانه ای", "رايانه‌اي"))
    assert "همین متن پیش‌تر" in error.value.message_dict["original_text"][0]
    first = make_article(original_text="متن دیگر.", url="https://www.ilna.ir/news/1")
    with pytest.raises(ValidationError) as error:
        make_article(original_text="متن سوم.", url="https://www.ilna.ir/news/1")
    assert first.title in error.value.message_dict["url"][0]


def test_only_staff_of_the_province_add_articles(make_article, other_staff, national):
    for actor in (other_staff, national):
        with pytest.raises(PermissionDenied):
            make_article(actor=actor)


def test_mentions_are_found_by_name_and_alias_and_nothing_is_linked_before_confirmation(
    article, guild
):
    mentions = article.suggestions.filter(kind=Suggestion.Kind.MENTION)
    assert mentions.filter(organization=guild).count() == 1  # once, however often named
    row = mentions.get(organization=guild)
    assert row.state == Suggestion.State.OFFERED
    assert "سازمان نظام صنفی رایانه ای مازندران" in row.sentence
    assert article.text[row.start : row.end] == row.phrase


def test_figures_and_promises_are_offered(article, guild):
    figures = {(s.value, s.qualifier, s.counts) for s in article.suggestions.filter(kind="figure")}
    assert {(500, "more_than", "شرکت"), (1000, "exact", "عضو")} <= figures
    promise = article.suggestions.get(kind="promise")
    assert format_jalali(promise.due_on, digits="latin") == "1403/06/31"
    assert promise.owner == guild  # the organization named in the same sentence


def test_a_rejected_suggestion_is_not_offered_again(article, staff, guild):
    row = article.suggestions.get(kind="mention", organization=guild)
    services.suggestion_reject(actor=staff, suggestion=row)
    services.article_process(article)
    assert article.suggestions.filter(organization=guild).count() == 1
    assert article.suggestions.get(organization=guild).state == Suggestion.State.REJECTED
    with pytest.raises(TransitionNotAllowed):
        services.suggestion_confirm(actor=staff, suggestion=row)


def test_suggestions_are_computed_once_per_version(article, staff):
    ids = set(article.suggestions.values_list("pk", flat=True))
    article.refresh_from_db()
    assert article.is_processed
    services.article_update(
        actor=staff, article=article, expected_version=article.version, title="عنوان تازه"
    )
    article.refresh_from_db()
    assert article.processed_version == article.version == 2
    assert article.suggestions.filter(article_version=2).exists()
    assert ids  # the first version had its own


def test_confirming_a_promise_creates_a_commitment_with_the_article_as_source(
    article, staff, guild
):
    promise = article.suggestions.get(kind="promise")
    services.suggestion_confirm(actor=staff, suggestion=promise)
    promise.refresh_from_db()
    commitment = promise.commitment
    assert commitment.source_type == Commitment.SourceType.PUBLIC_RECORD
    assert commitment.owner == guild
    assert commitment.due_on == promise.due_on
    assert article.title in commitment.source_note
    assert commitment.province == article.province


def test_a_promise_without_owner_asks_for_one(make_article, staff):
    article = make_article(
        original_text="کار تا پایان سال انجام خواهد شد و خبر دیگری نیست.", title="خبر کوتاه"
    )
    promise = article.suggestions.get(kind="promise")
    with pytest.raises(ValidationError) as error:
        services.suggestion_confirm(actor=staff, suggestion=promise)
    assert "owner" in error.value.message_dict
    owner = OrganizationFactory()
    services.suggestion_confirm(actor=staff, suggestion=promise, owner=owner)
    assert Commitment.objects.get(record_suggestions=promise).owner == owner


def test_a_figure_is_confirmed_as_a_corrected_statement(article, staff):
    figure = article.suggestions.get(kind="figure", value=500)
    services.suggestion_confirm(
        actor=staff, suggestion=figure, counts="شرکت فعال", indicator_slug="active-companies"
    )
    figure.refresh_from_db()
    assert (figure.state, figure.counts, figure.indicator_slug) == (
        "confirmed",
        "شرکت فعال",
        "active-companies",
    )
    assert figure.decided_by == staff


def test_other_provinces_and_national_staff_cannot_decide(article, other_staff, national):
    row = article.suggestions.first()
    for actor in (other_staff, national):
        with pytest.raises(PermissionDenied):
            services.suggestion_confirm(actor=actor, suggestion=row)
        with pytest.raises(PermissionDenied):
            services.suggestion_reject(actor=actor, suggestion=row)


def test_projects_and_bodies_are_mentioned_by_alias(make_article, staff):
    project = ProjectFactory(
        title="مرکز داده استان مازندران", province=province("IR-02"), aliases="مرکز داده استان"
    )
    article = make_article()
    assert article.suggestions.filter(project=project).exists()


def test_a_long_text_is_processed_in_the_background(make_article, monkeypatch):
    monkeypatch.setattr(processing, "ASYNC_THRESHOLD", 100)
    calls = []
    monkeypatch.setattr(processing.process_article, "delay", lambda *a: calls.append(a))
    article = make_article()
    article.refresh_from_db()
    assert article.processing == Article.Processing.PENDING
    assert not article.suggestions.exists()
    # what the worker runs (the commit hook of the test's transaction never fires)
    assert processing.process_article.run(article.pk, article.version) > 0
    article.refresh_from_db()
    assert (article.processing, article.progress) == (Article.Processing.DONE, 100)


def test_a_confirmed_figure_is_a_statement_beside_its_indicator(article, staff):

    figure = article.suggestions.get(kind="figure", value=500)
    services.suggestion_confirm(actor=staff, suggestion=figure, indicator_slug="companies")
    said = statements_for("companies", article.province_id)
    assert [(s.value, s.source_title) for s in said] == [(500, f"ایلنا: {article.title}")]
    assert statements_for("companies", province("IR-03").pk) == []
