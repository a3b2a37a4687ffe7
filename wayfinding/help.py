"""The Panduan (help): one short page per role, and what every status of the portal means.

The status labels come from the models' own choices (one home for each word); the meanings are written here,
next to each other, and a test checks that every status a model knows is explained.
"""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from evaluations.models import Cycle, Evaluation
from monitoring.models import YearlyReport
from programmes.models import Masterplan, UpdateStatus
from regions.models import Role
from smartcity import policy


@dataclass(frozen=True)
class HelpPage:
    slug: str
    role: str
    statuses: tuple  # the status tables (keys of MEANINGS) the role meets

    @property
    def label(self):
        return Role(self.role).label


# The help pages, in the order the roles' work flows through a year.
PAGES = [
    HelpPage("staf-daerah", Role.REGION_STAFF, ("programme", "yearly_report", "evaluation", "masterplan")),
    HelpPage("petugas-provinsi", Role.PROVINCE_OFFICER, ("yearly_report", "programme", "evaluation", "masterplan")),
    HelpPage("penilai", Role.ASSESSOR, ("evaluation", "cycle", "programme")),
    HelpPage("kementerian", Role.MINISTRY, ("cycle", "evaluation", "yearly_report", "programme", "masterplan")),
    HelpPage("sekretariat", Role.ADMIN, ("cycle", "evaluation", "yearly_report", "programme", "masterplan")),
]
ROLES = {page.slug: page for page in PAGES}

# Topics a form heading links to ({% include "help/_link.html" with topic=… %}): topic → (page, anchor on it).
# The evaluation pages pass their tab's name (evaluations/_header.html's `active`).
TOPICS = {
    "update": ("staf-daerah", "status-update"),
    "yearly_report": ("staf-daerah", "yearly-report"),
    "self_assessment": ("staf-daerah", "self-assessment"),
    "survey": ("staf-daerah", "survey"),
    "verification": ("petugas-provinsi", "verification"),
    "scoring": ("penilai", "scoring"),
    "moderation": ("penilai", "moderation"),
}

MEANINGS = {
    "programme": {
        UpdateStatus.PLANNED: _("In the masterplan, not yet begun."),
        UpdateStatus.IN_DEVELOPMENT: _("Being built: an application, a regulation or an institution is under way."),
        UpdateStatus.RUNNING: _("In use by citizens or by the government."),
        UpdateStatus.STALLED: _("Halted for a reason the update names (budget, staff, regulation, infrastructure, "
                                "integration or other)."),
        UpdateStatus.COMPLETED: _("Finished: what the masterplan promised is delivered."),
        UpdateStatus.CANCELLED: _("Dropped from the plan, with the reason in the update."),
    },
    "masterplan": {
        Masterplan.Status.DRAFT: _("Being written with the ministry's technical guidance (bimtek)."),
        Masterplan.Status.FINAL: _("Finished and presented, not yet legalised."),
        Masterplan.Status.LEGALISED: _("Legalised by a Perbup, Perwal or Pergub, whose number and date are recorded."),
    },
    "yearly_report": {
        YearlyReport.Status.DRAFT: _("Open: the region posts the year's update of every required programme, "
                                     "then submits."),
        YearlyReport.Status.SUBMITTED: _("Waiting for the verifier; the year's programme updates are locked."),
        YearlyReport.Status.RETURNED: _("Sent back with the verifier's comment: correct the updates and submit again."),
        YearlyReport.Status.VERIFIED: _("Checked and accepted; the year's updates stay locked. Only the national "
                                        "secretariat can reopen it, with a written reason."),
    },
    "evaluation": {
        Evaluation.Status.NOT_STARTED: _("The region has not saved any answer yet."),
        Evaluation.Status.SELF_ASSESSMENT: _("The region is answering the criteria and the citizen survey; drafts "
                                             "may be saved as often as needed."),
        Evaluation.Status.SUBMITTED: _("The self-assessment is sent (once, every level given); the assessors score "
                                       "it independently."),
        Evaluation.Status.IN_REVIEW: _("Moderation: the lead assessor agrees a level wherever the scores differ by "
                                       "more than one level and writes the narrative."),
        Evaluation.Status.FINAL: _("Finalised: the index and its aspect and dimension figures are fixed and "
                                   "read-only. Only the national secretariat can reopen it, with a written reason."),
    },
    "cycle": {
        Cycle.Status.DRAFT: _("Being prepared by the national secretariat: instrument, aspect weights, windows, "
                              "participants and assessors."),
        Cycle.Status.SELF_ASSESSMENT: _("Regions fill in their self-assessment and citizen survey."),
        Cycle.Status.ASSESSMENT: _("Assessors score, interview the regions and moderate."),
        Cycle.Status.CLOSED: _("No more answers or scores; results wait for the ministry's letter."),
        Cycle.Status.PUBLISHED: _("The result letter is out: index, improvement and ranks of every final "
                                  "evaluation are public."),
    },
}

STATUS_TABLES = [
    ("programme", _("Programme statuses (yearly update)"), UpdateStatus),
    ("masterplan", _("Masterplan statuses"), Masterplan.Status),
    ("yearly_report", _("Yearly report statuses"), YearlyReport.Status),
    ("evaluation", _("Evaluation stages (one region in one cycle)"), Evaluation.Status),
    ("cycle", _("Evaluation cycle stages"), Cycle.Status),
]


def statuses():
    """[(key, title, [(value, label, meaning)])]: every status table, labels from the models' choices."""
    return [(key, title, [(value, label, MEANINGS[key][value]) for value, label in choices.choices])
            for key, title, choices in STATUS_TABLES]


def roles_for(user):
    """[(slug, label, is_own)] of every help page, the user's own roles first."""
    own = policy.role_names(user)
    pages = [(page.slug, page.label, page.role in own) for page in PAGES]
    return sorted(pages, key=lambda page: not page[2])


def page_for(user):
    """The help page of the user's main role (the first in the year's order), or None."""
    own = policy.role_names(user)
    return next((page for page in PAGES if page.role in own), None)


def topic_url(topic):
    from django.urls import reverse

    slug, anchor = TOPICS[topic]
    return f"{reverse('wayfinding:help_role', args=[slug])}#{anchor}"
