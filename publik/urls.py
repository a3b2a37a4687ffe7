from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("publik/", views.national, name="national"),
    path("publik/daerah/<str:code>/", views.region, name="region"),
    path("publik/masterplan/<int:pk>/dokumen.pdf", views.masterplan_document, name="masterplan_document"),
    path("publik/bahasa/<str:code>/", views.language, name="language"),
    path("data/catalog.jsonld", views.catalog, name="catalog"),
    path("data/<slug:slug>.csv", views.dataset_csv, name="dataset_csv"),
    path("data/<slug:slug>.json", views.dataset_json, name="dataset_json"),
    path("data/<slug:slug>.csv-metadata.json", views.dataset_csvw, name="dataset_csvw"),
]
