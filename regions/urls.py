from django.urls import path

from . import views

app_name = "regions"
urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("<str:code>/enrolment/edit/", views.EnrolmentUpdateView.as_view(), name="enrolment_edit"),
    path("<str:code>/enrolment/<int:pk>/edit/", views.EnrolmentUpdateView.as_view(), name="enrolment_change"),
    path("<str:code>/awards/new/", views.AwardCreateView.as_view(), name="award_create"),
    path("<str:code>/awards/<int:pk>/edit/", views.AwardUpdateView.as_view(), name="award_edit"),
    path("<str:code>/rpjmd/new/", views.RpjmdCreateView.as_view(), name="rpjmd_create"),
    path("<str:code>/rpjmd/<int:pk>/edit/", views.RpjmdUpdateView.as_view(), name="rpjmd_edit"),
    path("<str:code>/profile/import/", views.RegionProfileImportView.as_view(), name="profile_import"),
    path("<str:code>/profile/template.xlsx", views.profile_template, name="profile_template"),
]
