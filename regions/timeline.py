"""A region's one timeline: its path through the movement from the MoU to the awards, in date order.

MoU → Dewan Smart City and Tim Pelaksana decrees → bimtek I–IV (subject, venue) → masterplan →
Perbup/Perwal (Pergub) → yearly evaluations → awards. Dated steps come in date order; steps still to come
(an enrolment's milestones without a date, a masterplan not yet legalised) follow, in the path's order.

A fixed number of queries whatever the region holds: the caller passes the enrolments and evaluations it
has already read for the page; masterplans and awards are read here once each.
"""
import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

# The path's order, for steps of the same day and for those still to come.
MOU, COUNCIL, TEAM, BIMTEK, MASTERPLAN, REGULATION, EVALUATION, AWARD = range(8)


@dataclass(frozen=True)
class Milestone:
    step: int
    label: str
    date: dt.date | None  # None: not yet
    detail: str = ""
    url: str = ""
    # A step known only by its period (a masterplan's drafting) shows this instead of a day.
    when: str = ""

    @property
    def done(self):
        return self.date is not None or bool(self.when)

    @property
    def kind(self):
        return ["mou", "council", "team", "bimtek", "masterplan", "regulation", "evaluation", "award"][self.step]


def region_timeline(region, enrolments, evaluations):
    """The region's milestones in date order, then the steps still to come."""
    items = []
    active = [e for e in enrolments if e.is_active]
    for enrolment in active:
        intake = f" ({enrolment.intake_label(enrolment.cohort_year)})" if len(active) > 1 else ""
        mou = " · ".join(part for part in (enrolment.mou_number, enrolment.mou_place) if part)
        items.append(Milestone(MOU, _("MoU signed") + intake, enrolment.mou_date, mou))
        items.append(Milestone(COUNCIL, _("Smart City Council established"), enrolment.council_decree_date,
                               enrolment.council_decree_number))
        items.append(Milestone(TEAM, _("Implementation team established"), enrolment.team_decree_date,
                               enrolment.team_decree_number))
        for label, date, venue in enrolment.bimtek_sessions():
            items.append(Milestone(BIMTEK, str(label), date, venue))
    last_bimtek = max((m.date for m in items if m.step == BIMTEK and m.date), default=None)
    for masterplan in region.masterplans.order_by("period_start"):
        period = f"{masterplan.period_start}–{masterplan.period_end}"
        # A masterplan carries no date of its own: it is drafted during the bimtek and presented at the last
        # one, so it stands after the sessions (or at the start of its period when none is recorded).
        drafted = last_bimtek or dt.date(masterplan.period_start, 1, 1)
        title = masterplan.title
        if "masterplan" not in title.casefold() and "rencana induk" not in title.casefold():
            title = _("Masterplan: %(title)s") % {"title": title}
        items.append(Milestone(MASTERPLAN, title, drafted,
                               masterplan.get_status_display(), masterplan.get_absolute_url(),
                               when=_("period %(period)s") % {"period": period}))
        items.append(Milestone(REGULATION, regulation_label(region), masterplan.legal_basis_date,
                               masterplan.legal_basis_number, masterplan.get_absolute_url()))
    for evaluation in evaluations:
        url = reverse("evaluations:evaluation_detail", args=[evaluation.pk])
        # The presentation and interview with the assessors (paparan/wawancara), before the result.
        for interview in evaluation.interviews.all():
            detail = " · ".join(part for part in (interview.get_mode_display(), interview.venue) if part)
            items.append(Milestone(EVALUATION, _("Presentation and interview, evaluation %(year)s") % {
                "year": evaluation.cycle.year}, interview.date, detail, url))
        items.append(Milestone(EVALUATION, _("Evaluation %(year)s") % {"year": evaluation.cycle.year},
                               evaluation_date(evaluation), evaluation.get_status_display(), url))
    for award in region.awards.order_by("year", "date"):
        detail = " · ".join(part for part in (award.category, award.awarded_by) if part)
        items.append(Milestone(AWARD, award.title, award.date or dt.date(award.year, 12, 31), detail,
                               award.source_url, when="" if award.date else str(award.year)))
    dated = sorted((m for m in items if m.date), key=lambda m: (m.date, m.step))
    # A masterplan counts as done once recorded; its sorting date stands in for the day it has not.
    return dated + [m for m in items if not m.date]


def regulation_label(region):
    """What the masterplan's legal basis is called in this kind of region."""
    if region.kind == "province":
        return _("Masterplan legalised by Pergub")
    if region.kind == "city":
        return _("Masterplan legalised by Perwal")
    return _("Masterplan legalised by Perbup")


def evaluation_date(evaluation):
    """The day that dates an evaluation: its result letter, else its finalisation, else its submission."""
    cycle = evaluation.cycle
    if evaluation.published_at and cycle.letter_date:
        return cycle.letter_date
    for moment in (evaluation.finalised_at, evaluation.submitted_at):
        if moment:
            return timezone.localdate(moment)
    return None
