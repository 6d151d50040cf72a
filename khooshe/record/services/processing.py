"""Computing an article version's suggestions: once per version, stored, never on a page view.

The text functions (:mod:`khooshe.record.text`) find the candidates; this module looks the
mentioned names up and writes the rows. The lookup does not loop over the registry: every
run of 1–12 words of the article gives a folded key (:func:`khooshe.record.text.mention_keys`,
about 12 keys per word), and those keys are looked up by equality on the indexed
``search_key`` of organizations, people and clusters, one query per table. Aliases
come from the partial index of the rows that have any; bodies and projects, a few per
province, are read whole.

A text longer than :data:`ASYNC_THRESHOLD` characters is processed by a Celery task that
records its progress on the article (the review page polls it); shorter ones at once.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass

from celery import shared_task
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from khooshe.governance.models import Body, Project
from khooshe.persian.aliases import alias_keys
from khooshe.persian.text import search_key
from khooshe.record.models import Article, Suggestion
from khooshe.record.text import (
    find_figures,
    find_mentions,
    find_promises,
    mention_keys,
    split_sentences,
)
from khooshe.registry.models import Cluster, Organization, Person

#: Texts longer than this are processed in the background.
ASYNC_THRESHOLD = 20_000


@dataclass(frozen=True)
class Target:
    kind: str  # organization, person, cluster, body, project
    pk: int
    label: str
    province_id: int | None

    @property
    def field(self) -> str:
        return {"body": "mentioned_body"}.get(self.kind, self.kind)


def _keys_in(queryset, keys: list[str]):
    """``search_key IN keys`` with the keys as ONE parameter (a JSON array on SQLite, an array
    on PostgreSQL): tens of thousands of keys in a statement Django compiles in no time, which
    the database answers from the ``search_key`` index."""
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        keys_sql = RawSQL("SELECT value FROM json_each(%s)", [json.dumps(keys)])
    elif vendor == "postgresql":
        keys_sql = RawSQL("SELECT unnest(%s::text[])", [keys])
    else:
        return queryset.filter(search_key__in=keys)
    return queryset.filter(search_key__in=keys_sql)


def lookup_names(keys: set[str], province_id: int | None) -> dict[str, list[Target]]:
    """The records whose name or an alias folds to one of ``keys``: ``{key: [targets]}``."""
    found: dict[str, list[Target]] = defaultdict(list)
    ordered = sorted(keys)

    def add(key: str, target: Target) -> None:
        if key in keys and target not in found[key]:
            found[key].append(target)

    public = Q(is_public=True)
    organizations = Organization.objects.filter(public, merged_into__isnull=True).order_by()
    people = Person.objects.filter(public).order_by()
    for pk, name, key, province in _keys_in(organizations, ordered).values_list(
        "pk", "name", "search_key", "province_id"
    ):
        add(key, Target("organization", pk, name, province))
    for pk, first, last, key, province in _keys_in(people, ordered).values_list(
        "pk", "first_name", "last_name", "search_key", "province_id"
    ):
        add(key, Target("person", pk, f"{first} {last}", province))
    for pk, name, key, province in _keys_in(Cluster.objects.order_by(), ordered).values_list(
        "pk", "name", "search_key", "province_id"
    ):
        add(key, Target("cluster", pk, name, province))
    # Rows with aliases: read through the partial index of exactly those rows (a filter on
    # another column here would make the planner pick that column's index and read them all);
    # the other conditions are checked on the few rows it returns.
    for pk, name, aliases, province, shown, merged in (
        Organization.objects.exclude(aliases="")
        .order_by()
        .values_list("pk", "name", "aliases", "province_id", "is_public", "merged_into_id")
    ):
        if shown and merged is None:
            for key in alias_keys(aliases):
                add(key, Target("organization", pk, name, province))
    for pk, first, last, aliases, province, shown in (
        Person.objects.exclude(aliases="")
        .order_by()
        .values_list("pk", "first_name", "last_name", "aliases", "province_id", "is_public")
    ):
        if shown:
            for key in alias_keys(aliases):
                add(key, Target("person", pk, f"{first} {last}", province))
    for pk, name, aliases, province in (
        Cluster.objects.exclude(aliases="")
        .order_by()
        .values_list("pk", "name", "aliases", "province_id")
    ):
        for key in alias_keys(aliases):
            add(key, Target("cluster", pk, name, province))
    near = Q(province__isnull=True) | Q(province_id=province_id)
    for pk, name, aliases, province in (
        Body.objects.filter(near, public)
        .order_by()
        .values_list("pk", "name", "aliases", "province_id")
    ):
        for key in [search_key(name), *alias_keys(aliases)]:
            add(key, Target("body", pk, name, province))
    for pk, title, aliases, province in (
        Project.objects.filter(near, public)
        .order_by()
        .values_list("pk", "title", "aliases", "province_id")
    ):
        for key in [search_key(title), *alias_keys(aliases)]:
            add(key, Target("project", pk, title, province))
    # A name shared by records of several provinces: the article's province's own, if any.
    for key, targets in found.items():
        local = [t for t in targets if t.province_id in (province_id, None)]
        if local and len(local) < len(targets):
            found[key] = local
    return dict(found)


def _digest(text: str) -> str:
    return hashlib.sha1(search_key(text).encode(), usedforsecurity=False).hexdigest()[:20]


def compute_suggestions(article: Article, progress=None) -> list[Suggestion]:
    """The suggestions of the article's current text (unsaved rows, one per key)."""
    text = article.text
    sentences = split_sentences(text)

    def sentence_at(position: int):
        for sentence in sentences:
            if sentence.start <= position < sentence.end:
                return sentence
        return None

    rows: dict[str, Suggestion] = {}

    def offer(key: str, **fields) -> None:
        if key not in rows:
            rows[key] = Suggestion(
                article=article, key=key[:255], article_version=article.version, **fields
            )

    targets = lookup_names(mention_keys(text), article.province_id)
    if progress:
        progress(40)
    mentions_by_sentence: dict[int, list[Target]] = defaultdict(list)
    for mention in find_mentions(text, targets):
        sentence = sentence_at(mention.start)
        for target in targets[mention.key]:
            if sentence is not None:
                mentions_by_sentence[sentence.start].append(target)
            offer(
                f"mention:{target.kind}:{target.pk}",
                kind=Suggestion.Kind.MENTION,
                sentence=sentence.text if sentence else mention.phrase,
                phrase=mention.phrase[:300],
                start=mention.start,
                end=mention.end,
                **{target.field + "_id": target.pk},
            )
    if progress:
        progress(60)
    for sentence in sentences:
        for figure in find_figures(sentence.text):
            offer(
                f"figure:{figure.value}:{figure.value_max or ''}:{search_key(figure.counts)}",
                kind=Suggestion.Kind.FIGURE,
                sentence=sentence.text,
                phrase=figure.phrase[:300],
                start=sentence.start + figure.start,
                end=sentence.start + figure.end,
                value=figure.value,
                value_max=figure.value_max,
                qualifier=figure.qualifier,
                counts=figure.counts[:100],
            )
    if progress:
        progress(80)
    for promise in find_promises(text, article.published_on):
        owners = [
            t
            for t in mentions_by_sentence.get(promise.sentence.start, [])
            if t.kind == "organization"
        ]
        offer(
            f"promise:{_digest(promise.sentence.text)}",
            kind=Suggestion.Kind.PROMISE,
            sentence=promise.sentence.text,
            phrase=promise.deadline.phrase[:300],
            start=promise.deadline.start,
            end=promise.deadline.end,
            due_on=promise.deadline.date,
            due_text=promise.deadline.phrase[:100],
            owner_id=owners[0].pk if owners else None,
        )
    return list(rows.values())


def _set_progress(article_id: int, value: int, **fields) -> None:
    Article.objects.filter(pk=article_id).update(progress=value, **fields)


def article_process(article: Article) -> int:
    """Compute and store the suggestions of the article's current version; decisions already
    taken (confirmed, rejected) stay and are not offered again. Returns how many are new.

    The progress is written as it goes (outside the writing transaction, so a page polling it
    sees it); the rows are replaced in one transaction, unless the text changed meanwhile."""
    article = Article.objects.get(pk=article.pk)
    _set_progress(article.pk, 5, processing=Article.Processing.RUNNING)
    rows = compute_suggestions(article, lambda value: _set_progress(article.pk, value))
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.version != article.version:
            return 0  # a newer version is being processed
        article.suggestions.filter(state=Suggestion.State.OFFERED).delete()
        decided = set(article.suggestions.values_list("key", flat=True))
        new = [row for row in rows if row.key not in decided]
        Suggestion.objects.bulk_create(new)
        _set_progress(
            article.pk, 100, processing=Article.Processing.DONE, processed_version=article.version
        )
    return len(new)


def article_schedule(article: Article) -> None:
    """Process now, or in the background for a long text (never blocking a request)."""
    if len(article.text) <= ASYNC_THRESHOLD:
        article_process(article)
        return
    Article.objects.filter(pk=article.pk).update(processing=Article.Processing.PENDING, progress=0)
    article_id, version = article.pk, article.version
    transaction.on_commit(lambda: process_article.delay(article_id, version))


@shared_task(name="khooshe.record.tasks.process_article")
def process_article(article_id: int, version: int) -> int:
    """Process the article if it is still at ``version`` (a later edit queued its own run)."""
    article = Article.objects.filter(pk=article_id, version=version).first()
    if article is None:
        return 0
    try:
        return article_process(article)
    except Exception:
        Article.objects.filter(pk=article_id).update(processing=Article.Processing.FAILED)
        raise


def processing_label(article: Article) -> str:
    return _("%(state)s (%(progress)s٪)") % {
        "state": article.get_processing_display(),
        "progress": article.progress,
    }
