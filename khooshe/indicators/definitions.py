"""The one registry of indicator definitions (capability M9): what each indicator means, how
it is computed and from which records. Pages, the API, the snapshot run, the claim checker and
the open-data catalogue read these definitions and nothing else.

Stable interface (other apps rely on it): :data:`INDICATORS` (slug → :class:`Indicator`, in
display order) and :func:`get_indicator`.

Each computed indicator has one compute function, ``compute(periods) → [Row]``, built with
:func:`khooshe.indicators.compute.tally` from the records of the capability that feeds it. A
*stock* counts what exists at a period's end (organizations, clusters, live e-services); a
*flow* counts what happened during the period (proposals submitted, loans disbursed). An
indicator without a compute function is **entered** by staff with its source and date.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from khooshe.eservices.models import EService, Maturity
from khooshe.eservices.readiness import agency_scores
from khooshe.events.models import Event, Registration
from khooshe.geo.models import County
from khooshe.governance.models import Commitment, Project
from khooshe.indicators.compute import (
    Dimension,
    Row,
    by_end,
    choice_labels,
    model_labels,
    tally,
    within,
)
from khooshe.indicators.periods import Period
from khooshe.loans.models import (
    Application,
    Disbursement,
    JobReport,
    PackageRequest,
    Program,
    SupportPackage,
)
from khooshe.obstacles.models import Obstacle
from khooshe.proposals.models import Proposal, ProposalState
from khooshe.proposals.selectors.evaluation import award_amounts_by_province
from khooshe.registry.models import Cluster, GuildMembership, Locality, Organization, Sector

# Units
COUNT, RIAL, PERCENT, SCORE, PERSON = "count", "rial", "percent", "score", "person"
UNIT_LABELS = {
    COUNT: _("عدد"),
    RIAL: _("ریال"),
    PERCENT: _("درصد"),
    SCORE: _("امتیاز از ۱۰۰"),
    PERSON: _("نفر"),
}
# How provinces add up to the country
SUM, SHARE, MEAN = "sum", "share", "mean"

DISAGGREGATION_LABELS = {
    "county": _("شهرستان"),
    "kind": _("نوع"),
    "sector": _("بخش"),
    "locality": _("شهری / روستایی"),
    "maturity": _("سطح بلوغ"),
    "place": _("محل مجری"),
}


@dataclass(frozen=True)
class Indicator:
    slug: str
    name_fa: str | Promise
    name_en: str
    definition: str | Promise
    unit: str
    formula: str | Promise
    higher_is_better: bool
    source: str | Promise  # «computed from …» or «entered …»
    app_label: str  # the capability that feeds it
    compute: Callable[[Sequence[Period]], list[Row]] | None = None
    disaggregations: tuple[str, ...] = ()
    per_10k_inhabitants: bool = False
    aggregation: str = SUM
    keywords: tuple[str, ...] = ()  # words of a claim that point at it (folded when matched)
    headline: bool = False  # on the province dashboard
    current_only: bool = False  # computable for open periods only (a score of today's state)

    @property
    def is_entered(self) -> bool:
        return self.compute is None

    @property
    def is_count(self) -> bool:
        return self.unit in (COUNT, PERSON)

    @property
    def unit_label(self) -> str:
        return str(UNIT_LABELS[self.unit])

    def name(self, language: str = "fa") -> str:
        return self.name_en if language.startswith("en") else str(self.name_fa)

    def disaggregation_labels(self) -> list[tuple[str, str]]:
        return [(key, str(DISAGGREGATION_LABELS[key])) for key in self.disaggregations]


# --- shared dimensions -------------------------------------------------------------------------

_county_labels = model_labels(County)


def _county(prefix: str = "") -> Dimension:
    return Dimension("county", f"{prefix}county", _county_labels)


_ORG_KIND = Dimension("kind", "kind", choice_labels(Organization.Kind.choices))
_LOCALITY = Dimension("locality", "locality", choice_labels(Locality.choices))
_ORG_SECTOR = Dimension("sector", "sectors", model_labels(Sector))


# --- registry --------------------------------------------------------------------------------


def _organizations():
    return Organization.objects.filter(merged_into__isnull=True)


def _kb(p: Period) -> Q:
    return (
        by_end("created_at")(p)
        & ~Q(kb_certificate_number="")
        & (Q(kb_certificate_expires_on__isnull=True) | Q(kb_certificate_expires_on__gte=p.end))
    )


def _verified(p: Period) -> Q:
    return Q(verification=Organization.Verification.VERIFIED) & by_end("verified_at")(p)


def _member_active(p: Period) -> Q:
    return (
        by_end("created_at")(p)
        & (Q(started_on__isnull=True) | Q(started_on__lte=p.end))
        & (Q(expires_on__isnull=True) | Q(expires_on__gte=p.end))
    )


def _identified(p: Period) -> Q:
    return Q(identified_on__lte=p.end) | (Q(identified_on__isnull=True) & by_end("created_at")(p))


def _still_active(p: Period) -> Q:
    return Q(inactive_on__isnull=True) | Q(inactive_on__gt=p.end)


def _forming(p: Period) -> Q:
    return (
        Q(forming_on__lte=p.end)
        & (Q(operational_on__isnull=True) | Q(operational_on__gt=p.end))
        & _still_active(p)
    )


def _operational(p: Period) -> Q:
    return Q(operational_on__lte=p.end) & _still_active(p)


# --- proposals and projects ------------------------------------------------------------------

APPROVED_PROPOSALS = (ProposalState.APPROVED, ProposalState.PROJECT_CREATED)


def _proposal_approved(p: Period) -> Q:
    return within("decided_at")(p) & Q(state__in=APPROVED_PROPOSALS)


_PLACE_LABELS = {
    "same_county": _("شهرستان طرح"),
    "same_province": _("شهرستان دیگر استان"),
    "elsewhere": _("استان‌های دیگر"),
}


def _local_award_share(periods: Sequence[Period]) -> list[Row]:
    """The share of the approved budget of awarded proposals (contracts dated in the period)
    that went to implementers of the proposal's own province; by place: its county, the rest
    of the province, elsewhere."""
    rows: list[Row] = []
    for period in periods:
        by_province = award_amounts_by_province(start=period.start, end=period.end)
        for province_id, places in by_province.items():
            total = sum(amount for amount, _n in places.values())
            count = sum(n for _a, n in places.values())
            if not total:
                continue
            local = sum(places.get(p, (0, 0))[0] for p in ("same_county", "same_province"))
            rows.append(
                Row(
                    province_id=province_id,
                    period=period,
                    value=(Decimal(100 * local) / Decimal(total)).quantize(Decimal("0.01")),
                    group_size=count,
                )
            )
            for place, (amount, n) in places.items():
                rows.append(
                    Row(
                        province_id=province_id,
                        period=period,
                        value=(Decimal(100 * amount) / Decimal(total)).quantize(Decimal("0.01")),
                        group_size=n,
                        dis_key="place",
                        dis_value=place,
                        dis_label=str(_PLACE_LABELS[place]),
                    )
                )
    return rows


# --- loans and support packages ---------------------------------------------------------------

APPROVED_LOANS = (
    Application.State.APPROVED,
    Application.State.CONTRACT_SIGNED,
    Application.State.DISBURSED,
    Application.State.REPAYING,
    Application.State.SETTLED,
    Application.State.DEFAULTED,
)


def _loans():
    return Application.objects.filter(program__kind=Program.Kind.LOAN)


def _loan_approved(p: Period) -> Q:
    return within("decided_at")(p) & Q(state__in=APPROVED_LOANS)


# --- commitments --------------------------------------------------------------------------------


def _due(p: Period) -> Q:
    return within("due_on", datetime_field=False)(p) & Q(cancelled=False)


def _commitments():
    return Commitment.objects.filter(due_on__isnull=False)


def _kept_on_time() -> Q:
    """Done (accepted: a report awaiting acceptance has no ``done_on``) by the date first
    promised — status «done on time»; done after an extension is not kept on time."""
    return Q(done_on__isnull=False, done_on__lte=Coalesce(F("original_due_on"), F("due_on")))


def _done_late() -> Q:
    """Done after the date first promised: «done late» and «done after extension»."""
    return Q(done_on__isnull=False, done_on__gt=Coalesce(F("original_due_on"), F("due_on")))


def _overdue(p: Period) -> Q:
    """Due in the period, not done, not reported done and past its date today («late»)."""
    return _due(p) & Q(
        done_on__isnull=True,
        reported_done_on__isnull=True,
        last_percent__lt=100,
        due_on__lt=timezone.localdate(),
    )


# --- e-services -----------------------------------------------------------------------------------


def _eservice_live(p: Period) -> Q:
    return (
        Q(status=EService.Status.LIVE)
        & by_end("created_at")(p)
        & (Q(launched_on__isnull=True) | Q(launched_on__lte=p.end))
    )


def readiness_scores(periods: Sequence[Period]) -> list[Row]:
    """The smart-government readiness score of every province (``eservices.readiness``: the
    mean of its agencies' scores, agencies with no live service counting 0), for the open
    periods only — the score describes the catalogue as it is today. Three queries: the
    agencies per province, the scores of the agencies that have live services."""
    today = timezone.localdate()
    open_periods = [p for p in periods if p.end >= today]
    if not open_periods:
        return []
    agencies = Organization.objects.filter(
        kind=Organization.Kind.GOVERNMENT_AGENCY, merged_into__isnull=True
    )
    counts = dict(
        agencies.order_by().values("province").annotate(n=Count("pk")).values_list("province", "n")
    )
    with_services = list(
        EService.objects.filter(status=EService.Status.LIVE, agency__in=agencies)
        .order_by()
        .values_list("agency_id", "agency__province_id")
        .distinct()
    )
    scores = agency_scores([agency_id for agency_id, _province in with_services])
    totals: dict[int, int] = {}
    for agency_id, province_id in with_services:
        totals[province_id] = totals.get(province_id, 0) + scores[agency_id].score
    rows = []
    for province_id, n in counts.items():
        value = Decimal(totals.get(province_id, 0)) / Decimal(n)
        for period in open_periods:
            rows.append(Row(province_id, period, value.quantize(Decimal("0.01")), None))
    return rows


# --- the registry of definitions -------------------------------------------------------------

_ICT = ("ict", "فاوا", "فناوری اطلاعات", "توانمندی", "اکوسیستم", "زیست‌بوم", "صنعت")

_DEFINITIONS: list[Indicator] = [
    Indicator(
        slug="organizations",
        name_fa=_("سازمان‌های ثبت‌شده در زیست‌بوم فاوا"),
        name_en="Organizations in the ICT ecosystem",
        definition=_(
            "سازمان‌های فعال در زیست‌بوم فاوای استان (شرکت، استارتاپ، دستگاه، دانشگاه، تشکل و…) "
            "که تا پایان دوره در فهرست فعالان ثبت شده‌اند؛ سازمان‌های ادغام‌شده شمرده نمی‌شوند."
        ),
        unit=COUNT,
        formula=_("شمار سازمان‌های ادغام‌نشده‌ای که تا پایان دوره ثبت شده‌اند، بر پایه استان سازمان."),
        higher_is_better=True,
        source=_("محاسبه از فهرست فعالان (سازمان‌ها)"),
        app_label="registry",
        compute=tally(
            _organizations,
            when=by_end("created_at"),
            base=by_end("created_at"),
            dimensions=(_ORG_KIND, _county(), _LOCALITY, _ORG_SECTOR),
        ),
        disaggregations=("kind", "county", "locality", "sector"),
        per_10k_inhabitants=True,
        keywords=(*_ICT, "شرکت", "سازمان", "فعال", "کسب‌وکار"),
        headline=True,
    ),
    Indicator(
        slug="knowledge-based-firms",
        name_fa=_("شرکت‌های دانش‌بنیان"),
        name_en="Knowledge-based firms",
        definition=_("سازمان‌هایی که در پایان دوره گواهی دانش‌بنیان معتبر دارند."),
        unit=COUNT,
        formula=_(
            "شمار سازمان‌های ثبت‌شده تا پایان دوره با شماره گواهی دانش‌بنیان که گواهی‌شان "
            "پیش از پایان دوره منقضی نشده است."
        ),
        higher_is_better=True,
        source=_("محاسبه از فهرست فعالان (گواهی دانش‌بنیان)"),
        app_label="registry",
        compute=tally(_organizations, when=_kb, base=by_end("created_at"), dimensions=(_county(),)),
        disaggregations=("county",),
        per_10k_inhabitants=True,
        keywords=(*_ICT, "دانش‌بنیان", "دانش بنیان", "نوآوری"),
        headline=True,
    ),
    Indicator(
        slug="verified-actors",
        name_fa=_("فعالان تأییدشده"),
        name_en="Verified actors",
        definition=_(
            "سازمان‌هایی که هویت و مدارکشان تا پایان دوره تأیید شده و تأییدشان لغو نشده است."
        ),
        unit=COUNT,
        formula=_("شمار سازمان‌های با وضعیت «تأییدشده» که تاریخ تأییدشان تا پایان دوره است."),
        higher_is_better=True,
        source=_("محاسبه از فهرست فعالان (تأیید سازمان‌ها)"),
        app_label="registry",
        compute=tally(
            _organizations,
            when=_verified,
            base=by_end("created_at"),
            dimensions=(_ORG_KIND, _county()),
        ),
        disaggregations=("kind", "county"),
        per_10k_inhabitants=True,
        keywords=(*_ICT, "تأییدشده", "تایید", "معتبر"),
    ),
    Indicator(
        slug="guild-members",
        name_fa=_("اعضای فعال نظام صنفی رایانه‌ای"),
        name_en="Active computer guild members",
        definition=_("عضویت‌های نظام صنفی رایانه‌ای استان که در پایان دوره معتبرند."),
        unit=COUNT,
        formula=_("شمار عضویت‌هایی که پیش از پایان دوره آغاز شده و تا پایان دوره منقضی نشده‌اند."),
        higher_is_better=True,
        source=_("محاسبه از عضویت‌های نظام صنفی در فهرست فعالان"),
        app_label="registry",
        compute=tally(GuildMembership.objects.all, when=_member_active, base=by_end("created_at")),
        per_10k_inhabitants=True,
        keywords=(*_ICT, "عضو", "اعضا", "نصر", "صنفی"),
        headline=True,
    ),
    Indicator(
        slug="clusters-identified",
        name_fa=_("خوشه‌های شناسایی‌شده"),
        name_en="Clusters identified",
        definition=_("خوشه‌های کسب‌وکار فاوا که تا پایان دوره شناسایی شده‌اند (در هر مرحله‌ای)."),
        unit=COUNT,
        formula=_("شمار خوشه‌هایی که تاریخ شناسایی (یا ثبت) آن‌ها تا پایان دوره است."),
        higher_is_better=True,
        source=_("محاسبه از خوشه‌های فهرست فعالان"),
        app_label="registry",
        compute=tally(Cluster.objects.all, when=_identified, base=by_end("created_at")),
        keywords=(*_ICT, "خوشه", "شناسایی"),
    ),
    Indicator(
        slug="clusters-forming",
        name_fa=_("خوشه‌های در حال شکل‌گیری"),
        name_en="Clusters forming",
        definition=_("خوشه‌هایی که در پایان دوره در حال شکل‌گیری‌اند (نه هنوز فعال، نه غیرفعال)."),
        unit=COUNT,
        formula=_(
            "شمار خوشه‌هایی که شکل‌گیری‌شان تا پایان دوره آغاز شده و تا آن روز نه فعال شده‌اند "
            "نه غیرفعال."
        ),
        higher_is_better=True,
        source=_("محاسبه از خوشه‌های فهرست فعالان"),
        app_label="registry",
        compute=tally(Cluster.objects.all, when=_forming, base=by_end("created_at")),
        keywords=("خوشه", "شکل‌گیری"),
    ),
    Indicator(
        slug="clusters-operational",
        name_fa=_("خوشه‌های فعال"),
        name_en="Clusters operational",
        definition=_("خوشه‌هایی که در پایان دوره فعال‌اند."),
        unit=COUNT,
        formula=_("شمار خوشه‌هایی که تا پایان دوره فعال شده و تا آن روز غیرفعال نشده‌اند."),
        higher_is_better=True,
        source=_("محاسبه از خوشه‌های فهرست فعالان"),
        app_label="registry",
        compute=tally(Cluster.objects.all, when=_operational, base=by_end("created_at")),
        keywords=(*_ICT, "خوشه", "فعال", "عملیاتی"),
        headline=True,
    ),
    Indicator(
        slug="proposals-submitted",
        name_fa=_("طرح‌های ارسال‌شده"),
        name_en="Proposals submitted",
        definition=_("طرح‌های پیشنهادی که در دوره برای بررسی ارسال شده‌اند."),
        unit=COUNT,
        formula=_("شمار طرح‌هایی که تاریخ ارسالشان در دوره است."),
        higher_is_better=True,
        source=_("محاسبه از طرح‌های پیشنهادی"),
        app_label="proposals",
        compute=tally(
            Proposal.objects.all,
            when=within("submitted_at"),
            base=by_end("created_at"),
            dimensions=(_county(), Dimension("sector", "sector", model_labels(Sector))),
        ),
        disaggregations=("county", "sector"),
        keywords=("طرح", "پیشنهاد", "ایده"),
    ),
    Indicator(
        slug="proposals-approved",
        name_fa=_("طرح‌های تصویب‌شده"),
        name_en="Proposals approved",
        definition=_("طرح‌هایی که در دوره تصویب شده‌اند (از جمله آن‌ها که سپس پروژه شده‌اند)."),
        unit=COUNT,
        formula=_("شمار طرح‌هایی که تاریخ تصمیمشان در دوره است و تصویب شده‌اند."),
        higher_is_better=True,
        source=_("محاسبه از طرح‌های پیشنهادی"),
        app_label="proposals",
        compute=tally(
            Proposal.objects.all,
            when=_proposal_approved,
            base=by_end("created_at"),
            dimensions=(_county(),),
        ),
        disaggregations=("county",),
        keywords=("طرح", "تصویب", "مصوب"),
        headline=True,
    ),
    Indicator(
        slug="proposals-approved-budget",
        name_fa=_("بودجه مصوب طرح‌ها"),
        name_en="Approved budget of proposals",
        definition=_("جمع بودجه مصوب طرح‌هایی که در دوره تصویب شده‌اند."),
        unit=RIAL,
        formula=_("جمع «بودجه مصوب» طرح‌هایی که در دوره تصویب شده‌اند، به ریال."),
        higher_is_better=True,
        source=_("محاسبه از طرح‌های پیشنهادی"),
        app_label="proposals",
        compute=tally(
            Proposal.objects.all,
            when=_proposal_approved,
            base=by_end("created_at"),
            total="approved_budget",
        ),
        keywords=("بودجه", "اعتبار", "طرح"),
    ),
    Indicator(
        slug="proposals-to-projects",
        name_fa=_("طرح‌های تبدیل‌شده به پروژه"),
        name_en="Proposals turned into projects",
        definition=_("پروژه‌هایی که در دوره از طرح‌های مصوب ساخته شده‌اند."),
        unit=COUNT,
        formula=_("شمار پروژه‌های دارای طرح مبدأ که در دوره ایجاد شده‌اند."),
        higher_is_better=True,
        source=_("محاسبه از پروژه‌های حکمرانی (طرح مبدأ)"),
        app_label="governance",
        compute=tally(
            lambda: Project.objects.filter(source_proposal__isnull=False),
            when=within("created_at"),
            base=by_end("created_at"),
        ),
        keywords=("پروژه", "اجرا", "طرح"),
    ),
    Indicator(
        slug="proposals-local-award-share",
        name_fa=_("سهم مجریان استان از بودجه طرح‌های واگذارشده"),
        name_en="Local share of awarded proposal budgets",
        definition=_(
            "از بودجه مصوب طرح‌هایی که قرارداد اجرایشان در دوره بسته شده، چند درصد به مجریان "
            "همان استان (شهرستان طرح یا شهرستان دیگر استان) رسیده است."
        ),
        unit=PERCENT,
        formula=_(
            "۱۰۰ × (بودجه مصوب طرح‌های واگذارشده به مجریان استان طرح) ÷ (بودجه مصوب همه طرح‌های "
            "واگذارشده در دوره)؛ به تفکیک شهرستان طرح، شهرستان دیگر استان و استان‌های دیگر."
        ),
        higher_is_better=True,
        source=_("محاسبه از واگذاری اجرای طرح‌های مصوب"),
        app_label="proposals",
        compute=_local_award_share,
        disaggregations=("place",),
        aggregation=SHARE,
        keywords=("مجری", "بومی", "واگذاری", "سهم"),
    ),
    Indicator(
        slug="loans-applied",
        name_fa=_("درخواست‌های وام"),
        name_en="Loan applications",
        definition=_("درخواست‌های تسهیلات که در دوره ارسال شده‌اند."),
        unit=COUNT,
        formula=_("شمار درخواست‌های برنامه‌های وام که تاریخ ارسالشان در دوره است."),
        higher_is_better=True,
        source=_("محاسبه از درخواست‌های تسهیلات"),
        app_label="loans",
        compute=tally(
            _loans, when=within("submitted_at"), base=by_end("created_at"), dimensions=(_county(),)
        ),
        disaggregations=("county",),
        keywords=("وام", "تسهیلات", "درخواست"),
    ),
    Indicator(
        slug="loans-approved",
        name_fa=_("وام‌های تصویب‌شده"),
        name_en="Loans approved",
        definition=_("درخواست‌های وامی که در دوره تصویب شده‌اند."),
        unit=COUNT,
        formula=_("شمار درخواست‌هایی که تاریخ تصمیمشان در دوره است و تصویب شده‌اند."),
        higher_is_better=True,
        source=_("محاسبه از درخواست‌های تسهیلات"),
        app_label="loans",
        compute=tally(
            _loans, when=_loan_approved, base=by_end("created_at"), dimensions=(_county(),)
        ),
        disaggregations=("county",),
        keywords=("وام", "تسهیلات", "تصویب"),
    ),
    Indicator(
        slug="loans-approved-amount",
        name_fa=_("مبلغ وام‌های تصویب‌شده"),
        name_en="Amount of loans approved",
        definition=_("جمع مبلغ مصوب وام‌هایی که در دوره تصویب شده‌اند."),
        unit=RIAL,
        formula=_("جمع «مبلغ مصوب» درخواست‌هایی که در دوره تصویب شده‌اند، به ریال."),
        higher_is_better=True,
        source=_("محاسبه از درخواست‌های تسهیلات"),
        app_label="loans",
        compute=tally(
            _loans,
            when=_loan_approved,
            base=by_end("created_at"),
            total="amount_approved",
            dimensions=(_county(),),
        ),
        disaggregations=("county",),
        keywords=("وام", "مبلغ", "تسهیلات"),
    ),
    Indicator(
        slug="loans-disbursed",
        name_fa=_("وام‌های پرداخت‌شده"),
        name_en="Loans disbursed",
        definition=_("وام‌هایی که در دوره دست‌کم یک پرداخت داشته‌اند."),
        unit=COUNT,
        formula=_("شمار وام‌های متمایزی که تاریخ یکی از پرداخت‌هایشان در دوره است."),
        higher_is_better=True,
        source=_("محاسبه از پرداخت‌های تسهیلات"),
        app_label="loans",
        compute=tally(
            Disbursement.objects.all,
            province="application__province",
            when=within("disbursed_on", datetime_field=False),
            base=by_end("created_at"),
            distinct="application",
            dimensions=(_county("application__"),),
        ),
        disaggregations=("county",),
        keywords=("وام", "پرداخت", "تسهیلات"),
        headline=True,
    ),
    Indicator(
        slug="loans-disbursed-amount",
        name_fa=_("مبلغ وام‌های پرداخت‌شده"),
        name_en="Amount of loans disbursed",
        definition=_("جمع مبالغی که در دوره به وام‌گیرندگان پرداخت شده است."),
        unit=RIAL,
        formula=_("جمع مبلغ پرداخت‌هایی که تاریخشان در دوره است، به ریال."),
        higher_is_better=True,
        source=_("محاسبه از پرداخت‌های تسهیلات"),
        app_label="loans",
        compute=tally(
            Disbursement.objects.all,
            province="application__province",
            when=within("disbursed_on", datetime_field=False),
            base=by_end("created_at"),
            total="amount",
            dimensions=(_county("application__"),),
        ),
        disaggregations=("county",),
        keywords=("وام", "پرداخت", "مبلغ"),
    ),
    Indicator(
        slug="jobs-promised",
        name_fa=_("اشتغال تعهدشده"),
        name_en="Jobs promised",
        definition=_("اشتغالی که وام‌گیرندگانِ وام‌های تصویب‌شده در دوره تعهد کرده‌اند."),
        unit=PERSON,
        formula=_("جمع «اشتغال تعهدشده» درخواست‌هایی که در دوره تصویب شده‌اند."),
        higher_is_better=True,
        source=_("محاسبه از درخواست‌های تسهیلات"),
        app_label="loans",
        compute=tally(
            _loans, when=_loan_approved, base=by_end("created_at"), total="jobs_promised"
        ),
        keywords=("اشتغال", "شغل", "تعهد"),
    ),
    Indicator(
        slug="jobs-created",
        name_fa=_("اشتغال ایجادشده"),
        name_en="Jobs created",
        definition=_("اشتغالی که وام‌گیرندگان در دوره، با مستند، گزارش کرده‌اند."),
        unit=PERSON,
        formula=_("جمع «اشتغال ایجادشده» گزارش‌های اشتغال که تاریخ گزارششان در دوره است."),
        higher_is_better=True,
        source=_("محاسبه از گزارش‌های اشتغال وام‌ها"),
        app_label="loans",
        compute=tally(
            JobReport.objects.all,
            province="application__province",
            when=within("reported_on", datetime_field=False),
            base=by_end("created_at"),
            total="jobs_created",
        ),
        keywords=("اشتغال", "شغل", "ایجاد"),
        headline=True,
    ),
    Indicator(
        slug="support-packages-delivered",
        name_fa=_("بسته‌های حمایتی تحویل‌شده"),
        name_en="Support packages delivered",
        definition=_("بسته‌های حمایتی (فضای کار، غرفه، آموزش، مشاوره) که در دوره تحویل شده‌اند."),
        unit=COUNT,
        formula=_("شمار درخواست‌های بسته که تحویل شده‌اند و تاریخ تحویلشان در دوره است."),
        higher_is_better=True,
        source=_("محاسبه از درخواست‌های بسته‌های حمایتی"),
        app_label="loans",
        compute=tally(
            lambda: PackageRequest.objects.filter(state=PackageRequest.State.DELIVERED),
            province="organization__province",
            when=within("delivered_on", datetime_field=False),
            base=by_end("created_at"),
            dimensions=(
                Dimension("kind", "package__kind", choice_labels(SupportPackage.Kind.choices)),
            ),
        ),
        disaggregations=("kind",),
        keywords=("بسته", "حمایت", "حمایتی"),
    ),
    Indicator(
        slug="commitments-kept-share",
        name_fa=_("سهم تعهدهای انجام‌شده به‌موقع"),
        name_en="Share of commitments kept on time",
        definition=_(
            "از تعهدهای لغونشده‌ای که موعدشان در دوره بوده و تا امروز سر رسیده، چند درصد تا "
            "موعد انجام شده‌اند."
        ),
        unit=PERCENT,
        formula=_(
            "۱۰۰ × (تعهدهای انجام‌شده تا موعد) ÷ (تعهدهای لغونشده با موعد در دوره و پیش از امروز)."
        ),
        higher_is_better=True,
        source=_("محاسبه از تعهدهای حکمرانی"),
        app_label="governance",
        compute=tally(
            _commitments,
            when=lambda p: _due(p) & Q(due_on__lt=_today()),
            base=by_end("created_at"),
            numerator=_kept_on_time(),
        ),
        aggregation=SHARE,
        keywords=("تعهد", "وعده", "به‌موقع", "مصوبه"),
        headline=True,
    ),
    Indicator(
        slug="commitments-on-time",
        name_fa=_("تعهدهای انجام‌شده به‌موقع"),
        name_en="Commitments kept on time",
        definition=_("تعهدهای موعددار در دوره که تا موعد انجام شده‌اند."),
        unit=COUNT,
        formula=_("شمار تعهدهای لغونشده با موعد در دوره و تاریخ انجام پیش از موعد یا در آن."),
        higher_is_better=True,
        source=_("محاسبه از تعهدهای حکمرانی"),
        app_label="governance",
        compute=tally(
            _commitments, when=lambda p: _due(p) & _kept_on_time(), base=by_end("created_at")
        ),
        keywords=("تعهد", "به‌موقع"),
    ),
    Indicator(
        slug="commitments-late",
        name_fa=_("تعهدهای عقب‌افتاده"),
        name_en="Commitments late",
        definition=_("تعهدهای موعددار در دوره که موعدشان گذشته و هنوز انجام نشده‌اند."),
        unit=COUNT,
        formula=_("شمار تعهدهای لغونشده با موعد در دوره، بدون تاریخ انجام، که موعدشان گذشته است."),
        higher_is_better=False,
        source=_("محاسبه از تعهدهای حکمرانی"),
        app_label="governance",
        compute=tally(_commitments, when=_overdue, base=by_end("created_at")),
        keywords=("تعهد", "تأخیر", "عقب"),
    ),
    Indicator(
        slug="commitments-done-late",
        name_fa=_("تعهدهای انجام‌شده با تأخیر"),
        name_en="Commitments done late",
        definition=_("تعهدهای موعددار در دوره که پس از موعد انجام شده‌اند."),
        unit=COUNT,
        formula=_("شمار تعهدهای لغونشده با موعد در دوره و تاریخ انجام پس از موعد."),
        higher_is_better=False,
        source=_("محاسبه از تعهدهای حکمرانی"),
        app_label="governance",
        compute=tally(
            _commitments, when=lambda p: _due(p) & _done_late(), base=by_end("created_at")
        ),
        keywords=("تعهد", "تأخیر"),
    ),
    Indicator(
        slug="eservices-live",
        name_fa=_("خدمات الکترونیکی فعال"),
        name_en="Live e-services",
        definition=_(
            "خدمات الکترونیکی دستگاه‌های استان که در پایان دوره فعال‌اند، به تفکیک سطح بلوغ."
        ),
        unit=COUNT,
        formula=_(
            "شمار خدمات با وضعیت «فعال» که تا پایان دوره ثبت و راه‌اندازی شده‌اند؛ تفکیک: سطح "
            "بلوغ (اطلاع‌رسانی، تعاملی، تراکنشی، یکپارچه)."
        ),
        higher_is_better=True,
        source=_("محاسبه از فهرست خدمات الکترونیکی"),
        app_label="eservices",
        compute=tally(
            EService.objects.all,
            when=_eservice_live,
            base=by_end("created_at"),
            dimensions=(Dimension("maturity", "maturity", choice_labels(Maturity.choices)),),
        ),
        disaggregations=("maturity",),
        keywords=("خدمت", "خدمات", "الکترونیک", "دولت هوشمند", "دولت الکترونیک"),
    ),
    Indicator(
        slug="egov-readiness",
        name_fa=_("امتیاز آمادگی دولت هوشمند"),
        name_en="Smart-government readiness score",
        definition=_(
            "میانگین امتیاز آمادگی دستگاه‌های اجرایی استان (۰ تا ۱۰۰) از بلوغ، سهم خدمات "
            "تمام‌الکترونیکی و درگاه‌های خدمات فعالشان؛ دستگاه بدون خدمت فعال صفر."
        ),
        unit=SCORE,
        formula=_(
            "امتیاز دستگاه = ۱۰۰ × (۰٫۴ بلوغ + ۰٫۴ سهم تراکنشی + ۰٫۲ درگاه‌ها)؛ امتیاز استان = "
            "میانگین امتیاز همه دستگاه‌های اجرایی استان. فقط برای دوره‌های جاری محاسبه می‌شود."
        ),
        higher_is_better=True,
        source=_("محاسبه از فهرست خدمات الکترونیکی (آمادگی دولت هوشمند)"),
        app_label="eservices",
        compute=readiness_scores,
        aggregation=MEAN,
        keywords=(*_ICT, "دولت هوشمند", "آمادگی", "دولت الکترونیک", "خدمات الکترونیک"),
        headline=True,
        current_only=True,
    ),
    Indicator(
        slug="obstacles-answered-on-time",
        name_fa=_("سهم موانع پاسخ‌داده‌شده در مهلت"),
        name_en="Share of obstacles answered within the deadline",
        definition=_("از موانعی که در دوره پاسخ گرفته‌اند، چند درصد در مهلت پاسخ داده شده‌اند."),
        unit=PERCENT,
        formula=_("۱۰۰ × (موانع پاسخ‌داده‌شده در مهلت) ÷ (موانعی که زمان پاسخشان در دوره است)."),
        higher_is_better=True,
        source=_("محاسبه از موانع کسب‌وکار"),
        app_label="obstacles",
        compute=tally(
            Obstacle.objects.all,
            when=within("answered_at"),
            base=by_end("created_at"),
            numerator=Q(answered_on_time=True),
        ),
        aggregation=SHARE,
        keywords=("مانع", "موانع", "پاسخ", "مهلت"),
        headline=True,
    ),
    Indicator(
        slug="events-held",
        name_fa=_("رویدادهای برگزارشده"),
        name_en="Events held",
        definition=_(
            "جشنواره‌ها، نمایشگاه‌ها، همایش‌ها و کارگاه‌های عمومی که در دوره به پایان رسیده‌اند."
        ),
        unit=COUNT,
        formula=_("شمار رویدادهای عمومی که زمان پایانشان در دوره و پیش از اکنون است."),
        higher_is_better=True,
        source=_("محاسبه از رویدادها"),
        app_label="events",
        compute=tally(
            lambda: Event.objects.filter(is_public=True),
            when=lambda p: within("ends_at")(p) & Q(ends_at__lt=_now()),
            base=by_end("created_at"),
            dimensions=(Dimension("kind", "kind", choice_labels(Event.Kind.choices)),),
        ),
        disaggregations=("kind",),
        keywords=("رویداد", "نمایشگاه", "جشنواره", "همایش"),
    ),
    Indicator(
        slug="event-visitors",
        name_fa=_("بازدیدکنندگان رویدادها"),
        name_en="Event visitors",
        definition=_("بازدیدکنندگانی که ورودشان به رویدادهای عمومی در دوره ثبت شده است."),
        unit=PERSON,
        formula=_("شمار ثبت‌نام‌هایی که زمان ورودشان (پذیرش در محل) در دوره است."),
        higher_is_better=True,
        source=_("محاسبه از ثبت‌نام و پذیرش رویدادها"),
        app_label="events",
        compute=tally(
            lambda: Registration.objects.filter(event__is_public=True),
            province="event__province",
            when=within("checked_in_at"),
            base=by_end("created_at"),
        ),
        keywords=("بازدید", "بازدیدکننده", "رویداد"),
    ),
    Indicator(
        slug="internet-penetration",
        name_fa=_("ضریب نفوذ اینترنت پهن‌باند"),
        name_en="Broadband internet penetration",
        definition=_("اشتراک‌های اینترنت پهن‌باند (ثابت و همراه) به ازای هر ۱۰۰ نفر جمعیت استان."),
        unit=PERCENT,
        formula=_("عدد منتشرشده منبع رسمی، همان‌گونه که منتشر شده است."),
        higher_is_better=True,
        source=_(
            "واردشده از منبع رسمی (مرکز آمار ایران یا سازمان تنظیم مقررات و ارتباطات رادیویی)"
        ),
        app_label="indicators",
        aggregation=MEAN,
        keywords=(*_ICT, "اینترنت", "پهن‌باند", "نفوذ"),
    ),
]


def _today():
    return timezone.localdate()


def _now():
    return timezone.now()


INDICATORS: dict[str, Indicator] = {indicator.slug: indicator for indicator in _DEFINITIONS}
HEADLINE = [indicator for indicator in _DEFINITIONS if indicator.headline]


def get_indicator(slug: str) -> Indicator:
    """The indicator named ``slug``; ValidationError in Persian for an unknown one."""
    indicator = INDICATORS.get(str(slug or "").strip().lower())
    if indicator is None:
        raise ValidationError(
            gettext("شاخصی با شناسه «%(slug)s» تعریف نشده است.") % {"slug": slug},
            code="unknown_indicator",
        )
    return indicator


assert all(i.slug == i.slug.lower() for i in _DEFINITIONS)
assert len(INDICATORS) == len(_DEFINITIONS), "indicator slugs must be unique"
