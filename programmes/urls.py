from django.urls import path

from . import views

app_name = "programmes"
urlpatterns = [
    # Pages (programmes/views/pages.py)
    path("programmes/", views.ProgrammeListView.as_view(), name="programme_list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme_create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme_edit"),
    path("programmes/<int:pk>/updates/new/", views.ProgrammeUpdatePostView.as_view(), name="update_create"),
    # A programme's pagu per budget year (programmes/views/budgets.py)
    path("programmes/<int:pk>/budgets/new/", views.ProgrammeBudgetView.as_view(), name="budget_create"),
    path("programmes/<int:pk>/budgets/<int:year>/", views.ProgrammeBudgetView.as_view(), name="budget_edit"),
    path("programmes/<int:pk>/budgets/<int:year>/remove/", views.ProgrammeBudgetDeleteView.as_view(),
         name="budget_delete"),
    path("masterplans/<int:pk>/", views.MasterplanDetailView.as_view(), name="masterplan_detail"),
    path("masterplans/<int:pk>/edit/", views.MasterplanUpdateView.as_view(), name="masterplan_edit"),
    path("masterplans/<int:pk>/document/", views.masterplan_document, name="masterplan_document"),
    path("regions/<str:code>/masterplans/new/", views.MasterplanCreateView.as_view(), name="masterplan_create"),
    path("regions/<str:code>/opds/", views.OpdListView.as_view(), name="opd_list"),
    path("provinces/<str:code>/overview/", views.ProvinceOverviewView.as_view(), name="province_overview"),
    # Excel/CSV in and out (programmes/views/transfer.py)
    path("programmes/export.<str:fmt>", views.programme_export, name="programme_export"),
    path("masterplans/<int:pk>/import/template.xlsx", views.import_template, name="import_template"),
    path("masterplans/<int:pk>/import/", views.ProgrammeImportView.as_view(), name="programme_import"),
]
