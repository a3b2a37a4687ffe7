"""The demo's notifications: what the demo's recorded evaluation events would have told its people, the day's
reminders, and one digest mail per demo user (on the embedded default, files in mail/). Kept apart from the demo
story itself; a rerun adds nothing (nothing is replayed once a demo user has notifications, reminders are
unique rows, and a user gets one digest a day)."""
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from evaluations.models import Cycle, Evaluation, EvaluationEvent
from smartcity import policy

from . import events, services
from .models import Kind, Notification

DEMO_DOMAIN = "@demo.smartcity.go.id"
CYCLE_PUBLISHED = _l("The results of the %(year)s evaluation cycle are published.")


def build():
    users = list(get_user_model().objects.filter(email__endswith=DEMO_DOMAIN, is_active=True).order_by("pk"))
    if not Notification.objects.filter(user__in=users).exists():
        for pk in (EvaluationEvent.objects.filter(action__in=[EvaluationEvent.Action.SUBMIT,
                                                               EvaluationEvent.Action.OPEN_MODERATION,
                                                               EvaluationEvent.Action.FINALISE])
                   .order_by("at", "pk").values_list("pk", flat=True)):
            events.evaluation_event(pk)
    day = services.today()
    services.remind_yearly_reports(day)
    services.remind_self_assessments(day)
    # Whoever the events concern not (the ministry, the secretariat) hears of the latest published results they
    # may see, as the regions did.
    told = set(Notification.objects.filter(user__in=users).values_list("user_id", flat=True))
    for user in users:
        if user.pk in told:
            continue
        finals = policy.restrict(Evaluation.objects.filter(Q(status=Evaluation.Status.FINAL)), user, policy.VIEW)
        for evaluation in finals.select_related("cycle", "region").order_by("-finalised_at", "region_id")[:3]:
            services.remind([user], Kind.RESULTS_PUBLISHED, f"evaluation:{evaluation.pk}",
                            (evaluation.finalised_at or services.timezone.now()).date(), 0, events.RESULTS_PUBLISHED,
                            {"region": evaluation.region.name, "year": evaluation.cycle.year},
                            events.evaluation_url(evaluation))
        if not finals.exists():
            # A region in no evaluation of the demo (Pati): the movement's latest published cycle.
            cycle = Cycle.objects.filter(status=Cycle.Status.CLOSED).order_by("-year").first()
            if cycle is not None:
                services.remind([user], Kind.RESULTS_PUBLISHED, f"cycle:{cycle.pk}", cycle.assessment_end, 0,
                                CYCLE_PUBLISHED, {"year": cycle.year}, reverse("evaluations:cycle_detail",
                                                                               args=[cycle.pk]))
    return services.send_digests(day)
