from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("evaluations/", views.EvaluationListView.as_view(), name="evaluation_list"),
    path("evaluations/<int:pk>/", views.EvaluationDetailView.as_view(), name="evaluation_detail"),
    path("evaluations/<int:pk>/self-assessment/", views.SelfAssessmentView.as_view(), name="self_assessment"),
    path("evaluations/<int:pk>/survey/", views.SurveyView.as_view(), name="survey"),
    path("evaluations/<int:pk>/scoring/", views.ScoringView.as_view(), name="scoring"),
    path("evaluations/<int:pk>/moderation/", views.ModerationView.as_view(), name="moderation"),
    path("evaluations/<int:pk>/open-moderation/", views.OpenModerationView.as_view(), name="open_moderation"),
    path("evaluations/<int:pk>/finalise/", views.FinaliseView.as_view(), name="finalise"),
    path("evaluations/<int:pk>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("evaluations/<int:pk>/evidence/<int:criterion>/", views.EvidenceView.as_view(), name="evidence"),
    path("evaluations/<int:pk>/assessors/", views.EvaluationAssessorsView.as_view(), name="evaluation_assessors"),
    path("cycles/", views.CycleListView.as_view(), name="cycle_list"),
    path("cycles/new/", views.CycleFormView.as_view(), name="cycle_create"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycles/<int:pk>/edit/", views.CycleFormView.as_view(), name="cycle_edit"),
    path("cycles/<int:pk>/stage/", views.CycleStageView.as_view(), name="cycle_stage"),
    path("cycles/<int:pk>/participants/", views.CycleParticipantsView.as_view(), name="cycle_participants"),
]
