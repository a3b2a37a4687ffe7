from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("yearly-reports/", views.YearlyReportListView.as_view(), name="yearly_report_list"),
    path("yearly-reports/windows/", views.ReportingWindowsView.as_view(), name="reporting_windows"),
    path("yearly-reports/<int:pk>/", views.YearlyReportDetailView.as_view(), name="yearly_report_detail"),
    path("yearly-reports/<int:pk>/<str:move>/", views.YearlyReportTransitionView.as_view(),
         name="yearly_report_transition"),
    path("completeness/", views.CompletenessPageView.as_view(), name="completeness"),
]
