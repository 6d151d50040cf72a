"""Report, support, route, answer, close, reopen and rate an obstacle."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from khooshe.accounts.permissions import acts_in_province, is_national, is_staff_anywhere
from khooshe.accounts.selectors import users_representing
from khooshe.core.attachments import attachment_add
from khooshe.core.workflow import AppliedTransition, apply_transition, lock
from khooshe.geo.models import County, Province
from khooshe.history.services import stamp
from khooshe.obstacles import permissions
from khooshe.obstacles.models import Answer, Category, ClosureDay, Obstacle, Route, Step, Support
from khooshe.obstacles.workdays import add_working_days
from khooshe.obstacles.workflow import MACHINE, REOPEN_DAYS
from khooshe.persian.text import clean_text, search_key, to_latin_digits
from khooshe.registry.models import Organization


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("اجازه این کار را ندارید."))


def _today() -> datetime.date:
    return timezone.localdate()


def _recipients(obstacle: Obstacle) -> list:
    people = [obstacle.reporter]
    if obstacle.body_id:
        people += list(users_representing(obstacle.body_id, roles=permissions.SPEAKER_ROLES))
    return people


def _body_recipients(obstacle: Obstacle, body) -> list:
    return [obstacle.reporter, *users_representing(body, roles=permissions.SPEAKER_ROLES)]


def _log(obstacle: Obstacle, applied: AppliedTransition) -> Step:
    actor = applied.actor
    step = Step(
        obstacle=obstacle,
        action=applied.action,
        source=applied.source,
        target=applied.target,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "",
        note=applied.note,
        at=applied.at,
    )
    stamp(step, actor=actor).save()
    return step


def _move(obstacle, *, action, actor, note="", prepare=None, recipients=None) -> Obstacle:
    applied = apply_transition(
        obstacle,
        machine=MACHINE,
        action=action,
        actor=actor,
        note=clean_text(note),
        prepare=prepare,
        recipients=_recipients(obstacle) if recipients is None else recipients,
    )
    _log(obstacle, applied)
    return obstacle


def _organization(value, field: str) -> Organization | None:
    """An organization of the registry by instance or id; an unknown one is refused."""
    if value in (None, ""):
        return None
    if isinstance(value, Organization):
        return value
    organization = Organization.objects.filter(pk=value).first() if str(value).isdigit() else None
    if organization is None:
        raise ValidationError({field: _("این سازمان در شناسنامه ثبت نشده است.")})
    return organization


# --- reference data (staff) ---------------------------------------------------------------


@transaction.atomic
def category_create(*, actor, name: str, slug: str = "", description: str = "") -> Category:
    require(is_staff_anywhere(actor))
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("نام دسته را بنویسید.")})
    slug = slug or slugify(name, allow_unicode=True)[:64] or f"cat-{Category.objects.count() + 1}"
    if Category.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": _("دسته‌ای با این شناسه هست.")})
    category = Category(slug=slug, name=name, description=clean_text(description))
    stamp(category, actor=actor).save()
    return category


@transaction.atomic
def route_set(*, actor, category: Category, province: Province, body, answer_days: int) -> Route:
    """Set who answers a category in a province (staff of that province)."""
    require(acts_in_province(actor, province))
    body = _organization(body, "body")
    if body is None:
        raise ValidationError({"body": _("دستگاه پاسخگو را انتخاب کنید.")})
    if not 1 <= int(answer_days) <= 90:
        raise ValidationError({"answer_days": _("مهلت پاسخ باید بین ۱ تا ۹۰ روز کاری باشد.")})
    route = Route.objects.filter(category=category, province=province).first() or Route(
        category=category, province=province
    )
    route.body = body
    route.answer_days = int(answer_days)
    stamp(route, actor=actor).save()
    return route


@transaction.atomic
def closure_day_add(*, actor, day: datetime.date, reason: str, province=None) -> ClosureDay:
    if province is None:
        require(is_national(actor))
    else:
        require(acts_in_province(actor, province))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل تعطیلی را بنویسید.")})
    if ClosureDay.objects.filter(day=day, province=province).exists():
        raise ValidationError({"day": _("این روز پیش‌تر تعطیل اعلام شده است.")})
    closure = ClosureDay(day=day, province=province, reason=reason)
    stamp(closure, actor=actor).save()
    return closure


# --- report and support ---------------------------------------------------------------------


def _set_route(obstacle: Obstacle, body: Organization, answer_days: int, now) -> list[str]:
    obstacle.body = body
    obstacle.routed_at = now
    obstacle.due_on = add_working_days(
        timezone.localtime(now).date(), answer_days, province=obstacle.province_id
    )
    return ["body", "routed_at", "due_on"]


@transaction.atomic
def obstacle_report(
    *,
    actor,
    category,
    title: str,
    description: str,
    province: Province,
    county: County | None = None,
    since: datetime.date | None = None,
    links: str = "",
    is_public: bool = True,
    reporter_organization=None,
    affected=(),
    files=(),
) -> Obstacle:
    """Record an obstacle and, when the routing table names a body for its category and
    province, route it there at once with its deadline."""
    reporter_organization = _organization(reporter_organization, "reporter_organization")
    require(permissions.can_report_for(actor, reporter_organization))
    errors = {}
    if category is None or (isinstance(category, Category) and not category.is_active):
        errors["category"] = _("دسته مانع را انتخاب کنید.")
    title, description = clean_text(title), clean_text(description)
    if not title:
        errors["title"] = _("عنوان مانع را بنویسید.")
    if not description:
        errors["description"] = _("شرح مانع را بنویسید.")
    if province is None:
        errors["province"] = _("استان را انتخاب کنید.")
    elif county is not None and county.province_id != province.pk:
        errors["county"] = _("این شهرستان در استان انتخاب‌شده نیست.")
    if since is not None and since > _today():
        errors["since"] = _("تاریخ آغاز مانع نمی‌تواند در آینده باشد.")
    affected_orgs = [_organization(o, "affected") for o in affected]
    if errors:
        raise ValidationError(errors)
    obstacle = Obstacle(
        category=category,
        title=title,
        description=description,
        province=province,
        county=county,
        since=since,
        links="\n".join(line.strip() for line in (links or "").splitlines() if line.strip()),
        is_public=is_public,
        reporter=actor,
        reporter_organization=reporter_organization,
        search_key=search_key(title)[:255],
    )
    obstacle.full_clean(exclude=["search_key", "body", "county", "reporter_organization"])
    stamp(obstacle, actor=actor, reason=_("ثبت")).save()
    if affected_orgs:
        obstacle.affected.set(affected_orgs)
    for uploaded in files:
        attachment_add(actor=actor, target=obstacle, uploaded_file=uploaded)
    Step.objects.create(
        obstacle=obstacle,
        action="report",
        target=obstacle.state,
        actor=actor,
        actor_name=actor.get_full_name() or actor.get_username(),
        at=obstacle.created_at,
    )
    route = Route.objects.filter(category=category, province=province).first()
    if route is not None:
        now = timezone.now()
        _move(
            obstacle,
            action="route",
            actor=actor,
            note=_("ارجاع خودکار بر پایه جدول ارجاع"),
            prepare=lambda o: _set_route(o, route.body, route.answer_days, now),
            recipients=_body_recipients(obstacle, route.body),
        )
    return obstacle


@transaction.atomic
def obstacle_support(*, actor, obstacle: Obstacle, organization, note: str = "") -> Support:
    organization = _organization(organization, "organization")
    if organization is None:
        raise ValidationError({"organization": _("سازمان حمایت‌کننده را انتخاب کنید.")})
    require(
        permissions.can_view(actor, obstacle) and permissions.can_support(actor, organization),
        _("فقط نماینده همان سازمان می‌تواند از طرف آن حمایت کند."),
    )
    if not obstacle.is_open and obstacle.state != Obstacle.State.ANSWERED:
        raise ValidationError({"organization": _("این مانع بسته شده است و حمایت نمی‌پذیرد.")})
    if organization.pk == obstacle.reporter_organization_id:
        raise ValidationError(
            {"organization": _("سازمان گزارش‌دهنده خود این مانع را ثبت کرده است.")}
        )
    duplicate = _("این سازمان پیش‌تر از این مانع حمایت کرده است.")
    if Support.objects.filter(obstacle=obstacle, organization=organization).exists():
        raise ValidationError({"organization": duplicate})
    try:
        with transaction.atomic():
            support = Support(
                obstacle=obstacle, organization=organization, user=actor, note=clean_text(note)
            )
            stamp(support, actor=actor).save()
    except IntegrityError as error:
        raise ValidationError({"organization": duplicate}) from error
    Obstacle.objects.filter(pk=obstacle.pk).update(support_count=F("support_count") + 1)
    obstacle.affected.add(organization)
    obstacle.refresh_from_db(fields=["support_count"])
    return support


# --- routing --------------------------------------------------------------------------------


def _body_and_days(obstacle: Obstacle, body, answer_days) -> tuple[Organization, int]:
    body = _organization(body, "body")
    if body is None:
        raise ValidationError({"body": _("دستگاه پاسخگو را انتخاب کنید.")})
    if answer_days in (None, ""):
        route = Route.objects.filter(
            category_id=obstacle.category_id, province_id=obstacle.province_id
        ).first()
        answer_days = route.answer_days if route else 10
    answer_days = int(answer_days)
    if not 1 <= answer_days <= 90:
        raise ValidationError({"answer_days": _("مهلت پاسخ باید بین ۱ تا ۹۰ روز کاری باشد.")})
    return body, answer_days


def _require_route(actor, obstacle):
    require(
        permissions.can_route(actor, obstacle),
        _("فقط کارشناسان استان همین مانع می‌توانند آن را ارجاع دهند."),
    )


@transaction.atomic
def obstacle_route(*, actor, obstacle: Obstacle, body, answer_days=None, note="") -> Obstacle:
    """Staff route an obstacle the table did not route (no route for its category)."""
    _require_route(actor, obstacle)
    body, days = _body_and_days(obstacle, body, answer_days)
    now = timezone.now()
    return _move(
        obstacle,
        action="route",
        actor=actor,
        note=note,
        prepare=lambda o: _set_route(o, body, days, now),
        recipients=_body_recipients(obstacle, body),
    )


@transaction.atomic
def obstacle_reroute(*, actor, obstacle: Obstacle, body, reason: str, answer_days=None) -> Obstacle:
    _require_route(actor, obstacle)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل ارجاع دوباره را بنویسید.")})
    body, days = _body_and_days(obstacle, body, answer_days)
    if body.pk == obstacle.body_id:
        raise ValidationError({"body": _("مانع هم‌اکنون به همین دستگاه ارجاع شده است.")})
    now = timezone.now()
    previous = obstacle.body_id
    _move(
        obstacle,
        action="reroute",
        actor=actor,
        note=reason,
        prepare=lambda o: _set_route(o, body, days, now),
        recipients=[
            obstacle.reporter,
            *users_representing(body, roles=permissions.SPEAKER_ROLES),
            *users_representing(previous, roles=permissions.SPEAKER_ROLES),
        ],
    )
    return obstacle


# --- the body works and answers -------------------------------------------------------------


def _require_body(actor, obstacle):
    require(
        permissions.can_answer(actor, obstacle),
        _("فقط نمایندگان دستگاه پاسخگوی این مانع می‌توانند به آن پاسخ دهند."),
    )


@transaction.atomic
def obstacle_start(*, actor, obstacle: Obstacle, note: str = "") -> Obstacle:
    _require_body(actor, obstacle)
    return _move(obstacle, action="start", actor=actor, note=note)


@transaction.atomic
def answer_add(*, actor, obstacle: Obstacle, text: str, files=()) -> Answer:
    """The body's public answer; the obstacle becomes answered (in time or late)."""
    _require_body(actor, obstacle)
    text = clean_text(text)
    if not text:
        raise ValidationError({"text": _("متن پاسخ را بنویسید.")})
    now = timezone.now()

    def prepare(o):
        o.answered_at = now
        o.answered_on_time = o.due_on is None or timezone.localtime(now).date() <= o.due_on
        return ["answered_at", "answered_on_time"]

    _move(obstacle, action="answer", actor=actor, note=text[:500], prepare=prepare)
    answer = Answer(obstacle=obstacle, organization_id=obstacle.body_id, author=actor, text=text)
    stamp(answer, actor=actor).save()
    for uploaded in files:
        attachment_add(actor=actor, target=answer, uploaded_file=uploaded)
    return answer


# --- close, reopen, rate --------------------------------------------------------------------


@transaction.atomic
def obstacle_close(
    *,
    actor,
    obstacle: Obstacle,
    closure: str,
    note: str = "",
    responsible_name: str = "",
    duplicate_of: Obstacle | None = None,
) -> Obstacle:
    if closure not in Obstacle.Closure.values:
        raise ValidationError({"closure": _("نتیجه بستن را انتخاب کنید.")})
    require(permissions.can_close(actor, obstacle, closure))
    responsible_name = clean_text(responsible_name)
    if closure == Obstacle.Closure.NOT_OURS and not responsible_name:
        raise ValidationError({"responsible_name": _("بنویسید کدام دستگاه مسئول این مانع است.")})
    if closure == Obstacle.Closure.DUPLICATE:
        if duplicate_of is None:
            raise ValidationError({"duplicate_of": _("مانعی را که این تکرار آن است نام ببرید.")})
        if duplicate_of.pk == obstacle.pk or duplicate_of.province_id != obstacle.province_id:
            raise ValidationError(
                {"duplicate_of": _("مانع اصلی باید مانع دیگری از همین استان باشد.")}
            )

    def prepare(o):
        o.closure = closure
        o.responsible_name = responsible_name if closure == Obstacle.Closure.NOT_OURS else ""
        o.duplicate_of = duplicate_of if closure == Obstacle.Closure.DUPLICATE else None
        return ["closure", "responsible_name", "duplicate_of"]

    label = Obstacle.Closure(closure).label
    note = clean_text(note)
    return _move(
        obstacle,
        action="close",
        actor=actor,
        note=f"{label}: {note}" if note else str(label),
        prepare=prepare,
    )


@transaction.atomic
def obstacle_reopen(*, actor, obstacle: Obstacle, reason: str) -> Obstacle:
    require(
        permissions.can_reopen(actor, obstacle), _("فقط گزارش‌دهنده می‌تواند مانع را بازگشایی کند.")
    )
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("دلیل بازگشایی را بنویسید.")})
    lock(obstacle, "answered_at", "state")
    MACHINE.advance(obstacle.state, "reopen")  # out of order: 409 before the 30-day rule
    if obstacle.answered_at is None or obstacle.body_id is None:
        raise ValidationError({"reason": _("فقط مانعی که پاسخ گرفته است بازگشایی می‌شود.")})
    limit = obstacle.answered_at + datetime.timedelta(days=REOPEN_DAYS)
    if timezone.now() > limit:
        raise ValidationError(
            {"reason": _("مهلت ۳۰ روزه بازگشایی پس از پاسخ گذشته است؛ مانع را دوباره گزارش کنید.")}
        )
    route = Route.objects.filter(
        category_id=obstacle.category_id, province_id=obstacle.province_id
    ).first()
    days = route.answer_days if route else 10
    now = timezone.now()
    body = obstacle.body

    def prepare(o):
        fields = _set_route(o, body, days, now)
        o.closure = ""
        o.responsible_name = ""
        o.duplicate_of = None
        o.answered_at = None
        o.answered_on_time = None
        return [
            *fields,
            "closure",
            "responsible_name",
            "duplicate_of",
            "answered_at",
            "answered_on_time",
        ]

    return _move(obstacle, action="reopen", actor=actor, note=reason, prepare=prepare)


@transaction.atomic
def obstacle_rate(*, actor, obstacle: Obstacle, rating, note: str = "") -> Obstacle:
    require(permissions.can_rate(actor, obstacle), _("فقط گزارش‌دهنده به پاسخ امتیاز می‌دهد."))
    if not obstacle.answers.exists():
        raise ValidationError({"rating": _("هنوز پاسخی برای امتیاز دادن نیست.")})
    try:
        rating = int(to_latin_digits(str(rating)).strip())
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("امتیاز باید از ۱ تا ۵ باشد.")})
    obstacle.rating = rating
    obstacle.rating_note = clean_text(note)
    stamp(obstacle, actor=actor, reason=_("امتیاز به پاسخ"))
    obstacle.save(update_fields=["rating", "rating_note", "updated_at"])
    return obstacle
