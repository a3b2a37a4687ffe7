from django.urls import path

from . import views

app_name = "wayfinding"
urlpatterns = [
    path("cari/", views.search_page, name="search"),
    path("cari/saran/", views.suggest, name="suggest"),
    path("panduan/", views.help_index, name="help"),
    path("panduan/<slug:role>/", views.help_page, name="help_role"),
]
