"""The registry's pages: the public directory (htmx search as you type), profiles, and the
self-service and staff pages. Reads go through selectors, writes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from khooshe.core.concurrency import EditConflict
from khooshe.core.workflow import TransitionNotAllowed
from khooshe.history.views import render_history
from khooshe.registry import permissions, selectors, services
from khooshe.registry.filters import ORDERINGS
from khooshe.registry.forms import (
    AffiliationForm,
    CapabilityForm,
    ClaimDecisionForm,
    ClaimForm,
    ClusterForm,
    ClusterMemberForm,
    ClusterStageForm,
    MembershipForm,
    MergeForm,
    OrganizationForm,
    PersonForm,
    RevokeForm,
    SectorForm,
)
from khooshe.registry.models import Capability, ClaimRequest, Organization, Sector

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FILTER_KEYS = (
    "q",
    "kind",
    "province",
    "county",
    "capability",
    "sector",
    "guild_member",
    "knowledge_based",
    "verified",
    "cluster",
    "ordering",
)


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", DEFAULT_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE
    return max(1, min(size, MAX_PAGE_SIZE))


def _filters(request) -> dict[str, str]:
    return {k: request.GET[k].strip() for k in FILTER_KEYS if request.GET.get(k, "").strip()}


def _query_string(filters: dict, **changes) -> str:
    values = {**filters, **changes}
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Directory ------------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def index(request):
    """The public directory. An htmx request (search as you type, a filter click) gets the
    ``results`` partial: the results and the counts per filter value together."""
    filters = _filters(request)
    memo: dict = {}
    facets = selectors.organization_facets(filters=filters, viewer=request.user, memo=memo)
    organizations = selectors.organization_list(filters=filters, viewer=request.user)
    paginator = Paginator(organizations, _page_size(request))
    known = selectors.match_count(filters=filters, memo=memo)
    if known is not None:  # the facets already counted the matches
        paginator.count = known
    page = paginator.get_page(request.GET.get("page"))
    for facet in facets:
        for value in facet.values:
            value.link = _query_string(
                filters, **{facet.name: "" if value.selected else value.value}
            )
    context = {
        "page": page,
        "filters": filters,
        "facets": facets,
        "orderings": ORDERINGS,
        "query_string": _query_string(filters),
        "page_size": _page_size(request),
        "is_staff": selectors.is_verifier(request.user),
    }
    template = "registry/organization_list.html"
    if (
        request.htmx
        and not request.htmx.history_restore_request
        and (request.htmx.target == "results" or not request.htmx.boosted)
    ):
        template += "#results"
    return render(request, template, context)


def counties(request):
    """The ``<option>``s of a province's counties, for the forms' county select (htmx)."""
    from django.http import HttpResponse
    from django.utils.html import format_html, format_html_join

    from khooshe.geo.models import County

    province = request.GET.get("province", "")
    rows = (
        County.objects.filter(province_id=int(province)).values_list("pk", "name")
        if province.isdigit()
        else []
    )
    options = format_html('<option value="">---------</option>') + format_html_join(
        "", '<option value="{}">{}</option>', rows
    )
    return HttpResponse(options)


def suggest(request):
    """Search-as-you-type suggestions (names and links) as JSON."""
    q = request.GET.get("q", "")
    try:
        from khooshe.registry.search import search_suggestions
    except ImportError:
        rows = selectors.organization_list(filters={"q": q}, viewer=None)[:10]
        data = [
            {
                "id": o.pk,
                "name": o.name,
                "url": reverse("registry:organization_detail", args=[o.pk]),
            }
            for o in rows
        ]
    else:
        try:
            data = search_suggestions(q, viewer=request.user, limit=10)
        except TypeError:
            data = search_suggestions(q, limit=10)
    response = JsonResponse({"results": data})
    return response


# --- Organizations --------------------------------------------------------------------------


def organization_detail(request, pk: int):
    try:
        organization = selectors.organization_get(pk=pk, viewer=request.user)
    except Http404:
        target = (
            Organization.objects.filter(pk=pk, merged_into__isnull=False)
            .values_list("merged_into_id", flat=True)
            .first()
        )
        if target is None:
            raise
        return redirect("registry:organization_detail", pk=target)  # a merged duplicate
    if organization.merged_into_id and not permissions.can_view_private(request.user, organization):
        return redirect("registry:organization_detail", pk=organization.merged_into_id)
    context = {
        "organization": organization,
        **selectors.organization_profile(organization=organization, viewer=request.user),
        "revoke_form": RevokeForm(),
        "claim_form": ClaimForm(),
        "merge_form": MergeForm(),
        "membership_form": MembershipForm(),
    }
    return render(request, "registry/organization_detail.html", context)


@login_required
def organization_create(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_register(
                actor=request.user,
                capabilities=form.cleaned_data["capabilities"],
                sectors=form.cleaned_data["sectors"],
                logo=form.cleaned_data.get("logo"),
                **form.service_fields(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("سازمان ثبت شد و پس از بررسی نظام صنفی تأیید می‌شود."))
            return redirect("registry:organization_detail", pk=organization.pk)
    return render(
        request,
        "registry/organization_form.html",
        {"form": form, "title": _("ثبت سازمان در بانک فعالان")},
    )


@login_required
def organization_edit(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_edit_organization(request.user, organization):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, request.FILES or None, instance=organization)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user,
                organization=organization,
                expected_version=form.cleaned_data.get("version"),
                capabilities=form.cleaned_data["capabilities"],
                sectors=form.cleaned_data["sectors"],
                logo=form.cleaned_data.get("logo"),
                **form.service_fields(),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            status = 409
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("registry:organization_detail", pk=organization.pk)
    return render(
        request,
        "registry/organization_form.html",
        {"form": form, "organization": organization, "title": _("ویرایش %s") % organization.name},
        status=status,
    )


@login_required
@require_POST
def organization_verify(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    try:
        services.organization_verify(actor=request.user, organization=organization)
    except TransitionNotAllowed as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("سازمان تأیید شد."))
    return redirect("registry:organization_detail", pk=pk)


@login_required
def organization_revoke(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_verify(request.user, organization):
        raise PermissionDenied
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_revoke(
                actor=request.user, organization=organization, reason=form.cleaned_data["reason"]
            )
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        except ValidationError as error:
            _form_errors(form, error)
            return render(
                request,
                "registry/simple_form.html",
                {"form": form, "title": _("لغو تأیید"), "object": organization},
            )
        else:
            messages.success(request, _("تأیید سازمان لغو شد."))
        return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("لغو تأیید «%s»") % organization.name, "object": organization},
    )


@login_required
def organization_claim(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_claim(
                actor=request.user, organization=organization, message=form.cleaned_data["message"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("درخواست شما ثبت شد و کارشناس نظام صنفی استان آن را بررسی می‌کند.")
            )
        return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("درخواست نمایندگی «%s»") % organization.name,
            "object": organization,
        },
    )


@login_required
def organization_merge(request, pk: int):
    duplicate = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_merge(request.user, duplicate):
        raise PermissionDenied
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        target = Organization.objects.filter(pk=form.cleaned_data["target"]).first()
        if target is None:
            form.add_error("target", _("سازمانی با این شماره نیست."))
        else:
            try:
                services.organization_merge(actor=request.user, duplicate=duplicate, target=target)
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request, _("«%(a)s» در «%(b)s» ادغام شد.") % {"a": duplicate, "b": target}
                )
                return redirect("registry:organization_detail", pk=target.pk)
    return render(
        request,
        "registry/simple_form.html",
        {
            "form": form,
            "title": _("ادغام «%s» در سازمان دیگر") % duplicate.name,
            "object": duplicate,
            "danger": True,
            "candidates": selectors.duplicate_candidates(
                organization=duplicate, viewer=request.user
            ),
        },
    )


@login_required
def organization_membership(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_verify(request.user, organization):
        raise PermissionDenied
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.guild_membership_save(
                actor=request.user, organization=organization, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("عضویت نصر ثبت شد."))
            return redirect("registry:organization_detail", pk=pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("ثبت عضویت نصر"), "object": organization},
    )


def organization_history(request, pk: int):
    organization = selectors.organization_get(pk=pk, viewer=request.user)
    if not permissions.can_view_private(request.user, organization):
        raise Http404  # the history holds the legal ID and other private fields
    return render_history(
        request,
        organization,
        back_url=reverse("registry:organization_detail", args=[pk]),
        title=organization.name,
    )


# --- Claims ---------------------------------------------------------------------------------


@login_required
def claim_list(request):
    if not selectors.is_verifier(request.user):
        raise PermissionDenied
    claims = selectors.pending_claims_for(request.user)
    unverified = selectors.unverified_for(request.user).select_related("county")[:50]
    return render(request, "registry/staff.html", {"claims": claims, "unverified": unverified})


@login_required
def claim_detail(request, pk: int):
    claim = get_object_or_404(
        ClaimRequest.objects.select_related("organization", "user", "decided_by"), pk=pk
    )
    if not (permissions.can_decide_claim(request.user, claim) or claim.user_id == request.user.pk):
        raise Http404
    form = ClaimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["decision"]
        try:
            if action == "approve":
                services.claim_approve(
                    actor=request.user, claim=claim, reason=form.cleaned_data["reason"]
                )
            else:
                services.claim_reject(
                    actor=request.user, claim=claim, reason=form.cleaned_data["reason"]
                )
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        except ValidationError as error:
            _form_errors(form, error)
            return render(request, "registry/claim_detail.html", {"claim": claim, "form": form})
        else:
            messages.success(request, _("تصمیم ثبت شد."))
            return redirect("registry:claims")
    return render(
        request,
        "registry/claim_detail.html",
        {
            "claim": claim,
            "form": form,
            "can_decide": permissions.can_decide_claim(request.user, claim),
        },
    )


# --- People ---------------------------------------------------------------------------------


def person_list(request):
    keys = ("q", "province", "capability", "works_from_home", "serves_abroad")
    filters = {k: v for k, v in request.GET.items() if k in keys and v}
    people = selectors.person_list(filters=filters, viewer=request.user)
    page = Paginator(people, _page_size(request)).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/person_list.html",
        {"page": page, "filters": filters, "query_string": _query_string(filters)},
    )


def person_detail(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "capabilities": list(person.capabilities.all()),
            "affiliations": list(selectors.person_affiliations(person=person, viewer=request.user)),
            "private": permissions.can_view_person_private(request.user, person),
            "can_edit": permissions.can_edit_person(request.user, person),
            "affiliation_form": AffiliationForm(),
        },
    )


@login_required
def person_create(request):
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                capabilities=form.cleaned_data["capabilities"],
                link_user=request.POST.get("self") == "1",
                **form.service_fields(),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("نمایه ثبت شد."))
            return redirect("registry:person_detail", pk=person.pk)
    return render(
        request, "registry/person_form.html", {"form": form, "title": _("ثبت فرد"), "create": True}
    )


@login_required
def person_edit(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied
    form = PersonForm(request.POST or None, instance=person)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                expected_version=form.cleaned_data.get("version"),
                capabilities=form.cleaned_data["capabilities"],
                **form.service_fields(),
            )
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            status = 409
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("تغییرات ذخیره شد."))
            return redirect("registry:person_detail", pk=pk)
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "title": _("ویرایش %s") % person, "person": person},
        status=status,
    )


@login_required
@require_POST
def person_affiliation_add(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    form = AffiliationForm(request.POST)
    if form.is_valid():
        organization = selectors.organization_get(
            pk=form.cleaned_data["organization"], viewer=request.user
        )
        try:
            services.affiliation_add(
                actor=request.user,
                person=person,
                organization=organization,
                title=form.cleaned_data["title"],
                started_on=form.cleaned_data["started_on"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("وابستگی ثبت شد."))
    else:
        messages.error(request, _("اطلاعات وابستگی کامل نیست."))
    return redirect("registry:person_detail", pk=pk)


def person_history(request, pk: int):
    person = selectors.person_get(pk=pk, viewer=request.user)
    if not permissions.can_view_person_private(request.user, person):
        raise Http404  # the history shows the national code and contact details
    return render_history(
        request, person, back_url=reverse("registry:person_detail", args=[pk]), title=str(person)
    )


# --- Clusters -------------------------------------------------------------------------------


def cluster_list(request):
    filters = {k: v for k, v in request.GET.items() if k in ("q", "province", "stage") and v}
    clusters = selectors.cluster_list(filters=filters, viewer=request.user)
    page = Paginator(clusters, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/cluster_list.html",
        {
            "page": page,
            "filters": filters,
            "query_string": _query_string(filters),
            "stage_counts": selectors.cluster_stage_counts(),
            "can_create": selectors.is_verifier(request.user)
            or permissions.is_any_registry_staff(request.user),
        },
    )


def cluster_detail(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    return render(
        request,
        "registry/cluster_detail.html",
        {
            "cluster": cluster,
            "members": list(selectors.cluster_members(cluster=cluster, viewer=request.user)),
            "can_edit": permissions.can_edit_cluster(request.user, cluster),
            "stage_form": ClusterStageForm(),
            "member_form": ClusterMemberForm(),
            "allowed_actions": services.CLUSTER_STAGES.allowed_actions(cluster.stage),
        },
    )


@login_required
def cluster_create(request):
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("خوشه ثبت شد."))
            return redirect("registry:cluster_detail", pk=cluster.pk)
    return render(
        request,
        "registry/simple_form.html",
        {"form": form, "title": _("ثبت خوشه"), "back_url": reverse("registry:cluster_list")},
    )


@login_required
@require_POST
def cluster_stage(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    form = ClusterStageForm(request.POST)
    if form.is_valid():
        try:
            services.cluster_advance(
                actor=request.user,
                cluster=cluster,
                action=form.cleaned_data["action"],
                on=form.cleaned_data["on"],
            )
        except TransitionNotAllowed as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("مرحله خوشه به‌روز شد."))
    else:
        messages.error(request, _("تاریخ یا مرحله نامعتبر است."))
    return redirect("registry:cluster_detail", pk=pk)


@login_required
@require_POST
def cluster_member(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    form = ClusterMemberForm(request.POST)
    if form.is_valid():
        organization = selectors.organization_get(
            pk=form.cleaned_data["organization"], viewer=request.user
        )
        change = (
            {"remove": [organization]} if form.cleaned_data["remove"] else {"add": [organization]}
        )
        services.cluster_members_change(actor=request.user, cluster=cluster, **change)
        messages.success(request, _("اعضای خوشه به‌روز شد."))
    return redirect("registry:cluster_detail", pk=pk)


def cluster_history(request, pk: int):
    cluster = selectors.cluster_get(pk=pk, viewer=request.user)
    return render_history(
        request, cluster, back_url=reverse("registry:cluster_detail", args=[pk]), title=str(cluster)
    )


# --- Taxonomies -----------------------------------------------------------------------------


@login_required
def taxonomy(request):
    """The capability tree and the sectors; staff add entries (renames: Django admin)."""
    if not permissions.can_manage_taxonomy(request.user):
        raise PermissionDenied
    capability_form = CapabilityForm(request.POST if "capability" in request.POST else None)
    sector_form = SectorForm(request.POST if "sector" in request.POST else None)
    form = capability_form if "capability" in request.POST else sector_form
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        model = Capability if form is capability_form else Sector
        if model.objects.filter(slug=data["slug"]).exists():
            form.add_error("slug", _("این شناسه پیش‌تر به کار رفته است."))
        else:
            if form is capability_form:
                services.capability_save(actor=request.user, **data)
            else:
                services.sector_save(actor=request.user, **data)
            messages.success(request, _("افزوده شد."))
            return redirect("registry:taxonomy")
    return render(
        request,
        "registry/taxonomy.html",
        {
            "capabilities": selectors.capability_tree(),
            "sectors": selectors.sector_list(),
            "capability_form": capability_form,
            "sector_form": sector_form,
        },
    )
