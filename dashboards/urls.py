from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.national, name="national"),
    path("provinces/<str:code>/", views.province, name="province"),
    path("regions/<str:code>/", views.region, name="region"),
]
