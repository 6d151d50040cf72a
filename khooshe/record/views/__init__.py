"""The public record's pages: the list per province, an article, adding one, the review desk
(one-click decisions with htmx), and the processing progress an htmx poll reads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khooshe.core.pages import (
    call_action,
    call_service,
    form_status,
    paginate,
    query_string,
    render_page,
    wants_partial,
)
from khooshe.geo.models import Province
from khooshe.history.views import render_history
from khooshe.record import permissions, selectors, services
from khooshe.record.filters import ArticleFilter
from khooshe.record.forms import ArticleForm, ConfirmForm
from khooshe.record.models import Suggestion
from khooshe.record.targets import find_targets
from khooshe.registry.models import Organization

PAGE_SIZE = 20


def index(request):
    """Articles (of a province when asked), searchable in any spelling, with filters."""
    province_code = request.GET.get("province", "").strip()
    province = (
        Province.objects.filter(code__iexact=province_code).first() if province_code else None
    )
    base = selectors.article_list(viewer=request.user)
    filterset = ArticleFilter(request.GET or None, queryset=base)
    articles = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    if filterset.is_bound and not filterset.is_valid():
        articles = base.none()
    sources = base.order_by("source").values_list("source", flat=True).distinct()[:50]
    context = {
        "filterset": filterset,
        "page": paginate(request, articles.order_by("-published_on", "-id"), PAGE_SIZE),
        "province": province,
        "provinces": Province.objects.order_by("name"),
        "sources": list(sources),
        "query_string": query_string(request),
        "may_add": permissions.may_add_articles(request.user),
    }
    return render_page(request, "record/index.html", context, partial="results")


def _highlight(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The text in pieces: (piece, css class or "") for marking confirmed or offered spans."""
    pieces = []
    position = 0
    for start, end, css in sorted(spans):
        if start < position or end > len(text):
            continue
        if start > position:
            pieces.append((text[position:start], ""))
        pieces.append((text[start:end], css))
        position = end
    pieces.append((text[position:], ""))
    return pieces


def _target_url(row: Suggestion) -> str:
    if row.organization_id:
        return reverse("registry:organization_detail", args=[row.organization_id])
    if row.person_id:
        return reverse("registry:person_detail", args=[row.person_id])
    if row.cluster_id:
        return reverse("registry:cluster_detail", args=[row.cluster_id])
    if row.mentioned_body_id:
        return reverse("governance:body_detail", args=[row.mentioned_body_id])
    if row.project_id:
        return reverse("governance:project_detail", args=[row.project_id])
    return ""


def article_detail(request, pk: int):
    article = selectors.article_get(viewer=request.user, pk=pk)
    confirmed = list(
        selectors.suggestions_of(article, viewer=request.user).filter(
            state=Suggestion.State.CONFIRMED
        )
    )
    for row in confirmed:
        row.target_url = _target_url(row)
    mentions = [r for r in confirmed if r.kind == Suggestion.Kind.MENTION]
    pieces = _highlight(article.text, [(r.start, r.end, "mark-mention") for r in mentions])
    return render(
        request,
        "record/detail.html",
        {
            "article": article,
            "pieces": pieces,
            "mentions": mentions,
            "figures": [r for r in confirmed if r.kind == Suggestion.Kind.FIGURE],
            "promises": [r for r in confirmed if r.kind == Suggestion.Kind.PROMISE],
            "can_review": permissions.can_review(request.user, article),
            "can_manage": permissions.can_manage(request.user, article.province_id),
        },
    )


def article_history(request, pk: int):
    article = selectors.article_get(viewer=request.user, pk=pk)
    if not permissions.can_review(request.user, article):
        raise PermissionDenied
    return render_history(
        request,
        article,
        back_url=reverse("record:article_detail", args=[article.pk]),
        title=article.title,
    )


@login_required
def article_create(request):
    if not permissions.may_add_articles(request.user):
        raise PermissionDenied
    form = ArticleForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version", None)
        outcome = call_service(form, services.article_create, actor=request.user, **data)
        if outcome:
            messages.success(request, _("خبر ثبت شد و پیشنهادهای آن آماده بررسی است."))
            return redirect("record:review", pk=outcome.value.pk)
    return render(
        request, "record/form.html", {"form": form, "title": _("ثبت خبر")}, status=form_status(form)
    )


@login_required
def article_edit(request, pk: int):
    """Correct an article's details or its pasted text; a changed text is a new version,
    processed again (decisions already taken stay)."""
    article = selectors.article_get(viewer=request.user, pk=pk)
    if not permissions.can_manage(request.user, article.province_id):
        raise PermissionDenied
    form = ArticleForm(request.POST or None, user=request.user, instance=article)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        outcome = call_service(
            form,
            services.article_update,
            actor=request.user,
            article=article,
            expected_version=version,
            **data,
        )
        if outcome:
            messages.success(request, _("تغییرات خبر ذخیره شد."))
            return redirect("record:article_detail", pk=article.pk)
    return render(
        request,
        "record/form.html",
        {"form": form, "title": _("ویرایش خبر"), "article": article},
        status=form_status(form),
    )


def _review_context(request, article) -> dict:
    rows = list(selectors.suggestions_of(article, viewer=request.user))
    for row in rows:
        row.target_url = _target_url(row)
    confirmed_orgs = [
        r.organization
        for r in rows
        if r.kind == Suggestion.Kind.MENTION and r.organization_id and r.state != "rejected"
    ]
    owners = Organization.objects.filter(pk__in=[o.pk for o in confirmed_orgs]).order_by("name")
    return {
        "article": article,
        "rows": rows,
        "mentions": [r for r in rows if r.kind == Suggestion.Kind.MENTION],
        "figures": [r for r in rows if r.kind == Suggestion.Kind.FIGURE],
        "promises": [r for r in rows if r.kind == Suggestion.Kind.PROMISE],
        "owners": owners,
        "can_manage": permissions.can_manage(request.user, article.province_id),
        "qualifiers": Suggestion.Qualifier.choices,
    }


@login_required
def review(request, pk: int):
    """The review desk of one article: every suggestion with its sentence, decided in one
    click each (htmx swaps the row; without JavaScript the page reloads)."""
    article = selectors.article_get(viewer=request.user, pk=pk)
    if not permissions.can_review(request.user, article):
        raise PermissionDenied
    return render(request, "record/review.html", _review_context(request, article))


@login_required
def progress(request, pk: int):
    """The processing progress (polled by htmx while the article is processed)."""
    article = selectors.article_get(viewer=request.user, pk=pk)
    if not permissions.can_review(request.user, article):
        raise PermissionDenied
    response = render(request, "record/_progress.html", {"article": article})
    if article.is_processed:
        response["HX-Refresh"] = "true"
    return response


@login_required
def targets(request, pk: int):
    """Records a mention can be corrected to, for what staff typed (an htmx fragment of
    choices named ``target`` inside the confirm form)."""
    article = selectors.article_get(viewer=request.user, pk=pk)
    if not permissions.can_manage(request.user, article.province_id):
        raise PermissionDenied
    row_id = request.GET.get("row", "")
    found = find_targets(request.GET.get("q", ""), province_id=article.province_id)
    return render(
        request,
        "record/_targets.html",
        {"targets": found, "row_id": row_id if row_id.isdigit() else ""},
    )


@login_required
@require_POST
def reprocess(request, pk: int):
    article = selectors.article_get(viewer=request.user, pk=pk)
    if not permissions.can_manage(request.user, article.province_id):
        raise PermissionDenied
    services.article_schedule(article)
    messages.success(request, _("پردازش دوباره انجام شد."))
    return redirect("record:review", pk=article.pk)


@login_required
@require_POST
def decide(request, pk: int, action: str):
    """Confirm (with optional corrections) or reject one suggestion."""
    suggestion = selectors.suggestion_get(viewer=request.user, pk=pk)
    article = suggestion.article
    if not permissions.can_manage(request.user, article.province_id):
        raise PermissionDenied
    status = 200
    if action == "reject":
        outcome = call_action(
            request, services.suggestion_reject, actor=request.user, suggestion=suggestion
        )
    elif action == "confirm":
        owners = Organization.objects.filter(
            Q(pk__in=article.suggestions.filter(kind="mention").values("organization_id"))
            | Q(pk=suggestion.owner_id or 0)
        )
        form = ConfirmForm(request.POST, owners=owners)
        if form.is_valid():
            outcome = call_action(
                request,
                services.suggestion_confirm,
                actor=request.user,
                suggestion=suggestion,
                **form.corrections(),
            )
        else:
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            outcome = None
    else:
        raise PermissionDenied
    if outcome is not None and not outcome.ok:
        status = outcome.status
    elif outcome is None:
        status = 400
    if wants_partial(request):
        row = selectors.suggestion_get(viewer=request.user, pk=pk)
        row.target_url = _target_url(row)
        context = _review_context(request, article)
        context["row"] = row
        context["messages_inline"] = True
        return render(request, "record/_suggestion.html", context, status=status)
    return redirect("record:review", pk=article.pk)
