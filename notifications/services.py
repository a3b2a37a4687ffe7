"""Telling people: `notify()` writes in-app notifications in each user's language and keeps the bell's count;
`send_reminders()` is the daily job (window opened, N days before the due date, overdue, then the digests)."""
import datetime as dt
import logging
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext, ngettext_lazy

from regions.models import Role, RoleAssignment

from .models import Digest, Kind, Notification, Reminder, ReminderSettings

log = logging.getLogger(__name__)
JAKARTA = ZoneInfo("Asia/Jakarta")


def today():
    return timezone.now().astimezone(JAKARTA).date()


# --- who ---------------------------------------------------------------------------------------------------


def holders(role, region_codes):
    """Active users holding `role` in any of the regions."""
    return list(get_user_model().objects.filter(
        is_active=True, pk__in=RoleAssignment.objects.filter(role=role, region_id__in=list(region_codes))
        .values("user_id")).order_by("pk"))


def admins():
    return list(get_user_model().objects.filter(
        Q(is_superuser=True) | Q(pk__in=RoleAssignment.objects.filter(role=Role.ADMIN).values("user_id")),
        is_active=True).order_by("pk"))


# --- what ----------------------------------------------------------------------------------------------------


def refresh_unread(user_ids):
    """The bell's count of these users, recounted by the database in one statement."""
    unread = (Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True).order_by()
              .values("user").annotate(n=Count("pk")).values("n"))
    get_user_model().objects.filter(pk__in=list(user_ids)).update(
        unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)))


def notify(users, kind, text, params, url=""):
    """One notification per user: `text` (a lazy translation) % `params`, written in each user's language.
    A param that is a callable (a date to format, say) is called inside the user's language too: formatted
    beforehand it would carry the language the job happened to run in (a worker's default, a shell's)."""
    rows = []
    for user in users:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            values = {k: v() if callable(v) else v for k, v in params.items()}
            # `text % values`, not str(text) % values: a plural text (ngettext_lazy) picks its form by the number.
            rows.append(Notification(user=user, kind=kind, message=str(text % values), url=url))
    Notification.objects.bulk_create(rows)
    refresh_unread({u.pk for u in users})
    return rows


def remind(users, kind, subject, due, offset, text, params, url=""):
    """Like notify(), but each (user, kind, subject, due, offset) once ever: the row is written first."""
    fresh = []
    for user in users:
        try:
            with transaction.atomic():
                Reminder.objects.create(user=user, kind=kind, subject=subject, due=due, offset=offset)
        except IntegrityError:
            continue
        fresh.append(user)
    return notify(fresh, kind, text, params, url) if fresh else []


def mark_read(user, notifications):
    Notification.objects.filter(user=user, pk__in=[n.pk for n in notifications], read_at__isnull=True).update(
        read_at=timezone.now())
    refresh_unread([user.pk])


def due_text(window, region_code):
    """The due instant in the region's own zone, e.g. "21 Desember 2026 23.59 WITA"."""
    from regions.timezones import zone_of

    zone, tz = zone_of(region_code)
    local = window.due_at.astimezone(tz).replace(tzinfo=None)  # naive: formatted as the region's wall clock
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {zone}"


# --- the daily job -------------------------------------------------------------------------------------------


def remind_yearly_reports(day):
    """Window opened, N days before the due date and overdue, for every window open on `day` (or due within
    the last 30 days), to the region staff of reports not yet submitted; one overdue summary per province to
    its officers."""
    from monitoring.models import ReportingWindow, YearlyReport
    from monitoring.services import open_reporting

    open_reporting()
    offsets = ReminderSettings.current_offsets()
    S = YearlyReport.Status
    count = 0
    windows = ReportingWindow.objects.filter(opens__lte=day, due__gte=day - dt.timedelta(days=30))
    for window in windows:
        reports = list(window.reports.select_related("region", "region__parent").order_by("region_id"))
        staff = {}
        # Who reports for a region: its staff; for a province's own report also its officers (whose
        # assignment names the province itself).
        for ra in (RoleAssignment.objects.filter(role__in=[Role.REGION_STAFF, Role.PROVINCE_OFFICER],
                                                 user__is_active=True, region_id__in=[r.region_id for r in reports])
                   .select_related("user")):
            staff.setdefault(ra.region_id, []).append(ra.user)
        days_left = (window.due - day).days
        overdue_by_province = {}
        for report in reports:
            users = staff.get(report.region_id, [])
            url = report.get_absolute_url()
            subject = f"yearlyreport:{report.pk}"
            # Formatted per recipient, in their language (notify()).
            year, region, due = window.year, report.region.name, partial(due_text, window, report.region_id)
            if days_left >= 0:
                count += len(remind(users, Kind.WINDOW_OPENED, subject, window.due, 0, _l(
                    "Reporting on %(year)s is open for %(region)s: submit the yearly report by %(due)s."),
                    {"year": year, "region": region, "due": due}, url))
            if report.status not in (S.DRAFT, S.RETURNED):
                continue
            if days_left >= 0:
                # The nearest offset reached: a day the job did not run is caught up, and none is given twice.
                reached = [n for n in offsets if days_left <= n]
                if reached:
                    n = min(reached)
                    count += len(remind(users, Kind.DUE_SOON, subject, window.due, n, ngettext_lazy(
                        "The %(year)s yearly report of %(region)s is due in %(days)s day, by %(due)s.",
                        "The %(year)s yearly report of %(region)s is due in %(days)s days, by %(due)s.", "days"),
                        {"year": year, "region": region, "days": days_left, "due": due}, url))
            elif timezone.now() > window.due_at:
                count += len(remind(users, Kind.OVERDUE, subject, window.due, -1, _l(
                    "The %(year)s yearly report of %(region)s is overdue: it was due by %(due)s."),
                    {"year": year, "region": region, "due": due}, url))
                if report.region.parent_id:
                    overdue_by_province.setdefault(report.region.parent, []).append(report.region.name)
        for province, names in overdue_by_province.items():
            officers = holders(Role.PROVINCE_OFFICER, [province.code])
            url = f"/completeness/?year={window.year}&province={province.code}"
            count += len(remind(officers, Kind.OVERDUE_SUMMARY, f"window:{window.pk}:{province.code}", window.due,
                                -1, _l("%(count)s yearly reports of %(year)s in %(province)s are overdue: "
                                              "%(regions)s."), {"count": len(names), "year": window.year,
                                                                 "province": province.name,
                                                                 "regions": ", ".join(names)}, url))
    return count


def remind_self_assessments(day):
    """For cycles in their self-assessment stage: the window opened, and N days before it closes, to the region
    staff of evaluations not yet submitted."""
    from django.urls import reverse

    from evaluations.models import Cycle, Evaluation

    offsets = ReminderSettings.current_offsets()
    E = Evaluation.Status
    count = 0
    evaluations = list(Evaluation.objects.filter(cycle__status=Cycle.Status.SELF_ASSESSMENT,
                                                 cycle__self_assessment_start__lte=day,
                                                 cycle__self_assessment_end__gte=day,
                                                 status__in=[E.NOT_STARTED, E.SELF_ASSESSMENT])
                       .select_related("cycle", "region").order_by("region_id"))
    staff = {}
    for ra in (RoleAssignment.objects.filter(role__in=[Role.REGION_STAFF, Role.PROVINCE_OFFICER], user__is_active=True,
                                             region_id__in=[e.region_id for e in evaluations]).select_related("user")):
        staff.setdefault(ra.region_id, []).append(ra.user)
    for evaluation in evaluations:
        cycle, users = evaluation.cycle, staff.get(evaluation.region_id, [])
        url = reverse("evaluations:self_assessment", args=[evaluation.pk])
        subject, end = f"evaluation:{evaluation.pk}", cycle.self_assessment_end
        values = {"year": cycle.year, "region": evaluation.region.name,
                  "due": partial(formats.date_format, end, "DATE_FORMAT")}  # in each recipient's language
        count += len(remind(users, Kind.WINDOW_OPENED, subject, end, 0, _l(
            "The %(year)s self-assessment of %(region)s is open until %(due)s."), values, url))
        days_left = (end - day).days
        reached = [n for n in offsets if days_left <= n]
        if reached:
            n = min(reached)
            count += len(remind(users, Kind.DUE_SOON, subject, end, n, ngettext_lazy(
                "The %(year)s self-assessment of %(region)s closes in %(days)s day, on %(due)s.",
                "The %(year)s self-assessment of %(region)s closes in %(days)s days, on %(due)s.", "days"),
                values | {"days": days_left}, url))
    return count


def send_digests(day):
    """One mail per user and day with every notification not yet digested, in the user's language, leaving
    out the kinds the user gets in the portal only. The Digest row is written (and committed) before sending."""
    sent = 0
    users = get_user_model().objects.filter(
        is_active=True, pk__in=Notification.objects.filter(digested_at__isnull=True).values("user_id")).order_by("pk")
    for user in users:
        with transaction.atomic():
            pending = list(Notification.objects.select_for_update().filter(user=user, digested_at__isnull=True)
                           .order_by("created", "id"))
            mailable = [n for n in pending if n.kind not in (user.email_muted or [])] if user.email else []
            if mailable:
                try:
                    with transaction.atomic():
                        Digest.objects.create(user=user, day=day, count=len(mailable))
                except IntegrityError:
                    continue  # already mailed today: these wait for tomorrow's digest
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(digested_at=timezone.now())
        if mailable:
            _mail_digest(user, mailable)
            sent += 1
    return sent


def _mail_digest(user, notifications):
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {"user": user, "notifications": notifications, "base_url": settings.PORTAL_BASE_URL.rstrip("/"),
                   "PORTAL_NAME": settings.PORTAL_NAME}
        subject = ngettext("%(portal)s: %(count)s new notification", "%(portal)s: %(count)s new notifications",
                           len(notifications)) % {"portal": settings.PORTAL_NAME, "count": len(notifications)}
        body = render_to_string("notifications/digest_email.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # the digest row stands: a mail server down loses this one mail, never floods later
        log.exception("digest mail to user %s failed", user.pk)


def send_reminders(day=None):
    """The daily job (Celery beat, or `manage.py send_reminders`): reminders, then the digests."""
    day = day or today()
    reminded = remind_yearly_reports(day) + remind_self_assessments(day)
    mailed = send_digests(day)
    return reminded, mailed
