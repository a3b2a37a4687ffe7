"""Metadata of the open data: CSVW table descriptions and the DCAT-AP catalogue (JSON-LD, its @context inline
because a closed network cannot fetch a remote one). Identifiers come from settings.PUBLIC_BASE_URL, never
from the request's host; the licence from settings.PUBLIC_DATA_LICENCE (default CC BY 4.0)."""
from django.conf import settings
from django.db.models import Max, Min
from django.urls import reverse

from . import data

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "title": {"@id": "dct:title", "@container": "@language"},
    "description": {"@id": "dct:description", "@container": "@language"},
    "name": {"@id": "foaf:name", "@container": "@language"},
    "publisher": {"@id": "dct:publisher", "@type": "@id"},
    "license": {"@id": "dct:license", "@type": "@id"},
    "issued": {"@id": "dct:issued", "@type": "xsd:date"},
    "modified": {"@id": "dct:modified", "@type": "xsd:dateTime"},
    "language": {"@id": "dct:language", "@type": "@id"},
    "spatial": {"@id": "dct:spatial", "@type": "@id"},
    "temporal": {"@id": "dct:temporal"},
    "startDate": {"@id": "dcat:startDate", "@type": "xsd:gYear"},
    "endDate": {"@id": "dcat:endDate", "@type": "xsd:gYear"},
    "dataset": {"@id": "dcat:dataset", "@type": "@id"},
    "distribution": {"@id": "dcat:distribution", "@type": "@id"},
    "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
    "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
    "mediaType": {"@id": "dcat:mediaType", "@type": "@id"},
    "conformsTo": {"@id": "dct:conformsTo", "@type": "@id"},
    "describedBy": {"@id": "http://www.w3.org/ns/wrds#describedby", "@type": "@id"},
    "keyword": {"@id": "dcat:keyword", "@container": "@language"},
    "homepage": {"@id": "foaf:homepage", "@type": "@id"},
}
MEDIA = "http://www.iana.org/assignments/media-types/"
# Indonesia in the EU's country authority list (DCAT-AP's recommended vocabulary for dct:spatial).
INDONESIA = "http://publications.europa.eu/resource/authority/country/IDN"
LANGUAGES = ["http://publications.europa.eu/resource/authority/language/IND",
             "http://publications.europa.eu/resource/authority/language/ENG"]


absolute = data.absolute


def csvw(dataset):
    """The CSVW metadata of a dataset's CSV: its columns, their datatypes, the Kemendagri code as reference."""
    url = absolute(reverse("public:dataset_csv", args=[dataset.slug]))
    schema = {
        "columns": [{"name": c.name, "titles": {"id": c.title_id, "en": c.title_en}, "datatype": c.datatype,
                     "required": False} for c in dataset.columns],
    }
    if any(c.name == "region_code" for c in dataset.columns):
        schema["foreignKeys"] = [{"columnReference": "region_code", "reference": {
            "resource": "https://www.kemendagri.go.id/", "columnReference": "kode_wilayah"}}]
        schema["aboutUrl"] = absolute(reverse("public:region", args=["0"])).replace("/0/", "/{region_code}/")
    return {
        "@context": ["http://www.w3.org/ns/csvw", {"@language": "id"}],
        "url": url,
        "dc:title": [{"@value": dataset.title_id, "@language": "id"}, {"@value": dataset.title_en, "@language": "en"}],
        "dc:license": {"@id": settings.PUBLIC_DATA_LICENCE},
        "dialect": {"delimiter": ",", "encoding": "utf-8", "header": True, "lineTerminators": ["\r\n"]},
        "tableSchema": schema,
    }


def _years():
    """The years the data covers: the first intake to the last published cycle or reporting year."""
    from evaluations.models import Cycle
    from regions.models import Enrolment

    first = Enrolment.objects.aggregate(y=Min("cohort_year"))["y"]
    last = [Enrolment.objects.aggregate(y=Max("cohort_year"))["y"], Cycle.objects.aggregate(y=Max("year"))["y"]]
    last = max((y for y in last if y), default=first)
    return first or last, last


def _modified():
    """The latest change recorded in any public source (history tables), else now."""
    from django.utils import timezone

    from evaluations.models import Evaluation
    from programmes.models import Programme

    stamps = []
    for model in (Programme, Evaluation):
        history = getattr(model, "history", None)
        if history is not None:
            stamps.append(history.aggregate(t=Max("history_date"))["t"])
    stamps = [s for s in stamps if s]
    return (max(stamps) if stamps else timezone.now()).replace(microsecond=0).isoformat()


def dcat():
    start, end = _years()
    modified = _modified()
    publisher = {"@id": absolute("/#publisher"), "@type": "foaf:Organization",
                 "name": {"id": settings.PUBLIC_PUBLISHER_ID, "en": settings.PUBLIC_PUBLISHER_EN},
                 "homepage": absolute("/")}
    datasets = []
    for slug, dataset in data.DATASETS.items():
        csv_url = absolute(reverse("public:dataset_csv", args=[slug]))
        json_url = absolute(reverse("public:dataset_json", args=[slug]))
        meta_url = absolute(reverse("public:dataset_csvw", args=[slug]))
        datasets.append({
            "@id": absolute(f"/data/{slug}/#dataset"),
            "@type": "dcat:Dataset",
            "title": {"id": dataset.title_id, "en": dataset.title_en},
            "description": {"id": dataset.description_id, "en": dataset.description_en},
            "keyword": {"id": ["smart city", "kota cerdas", slug], "en": ["smart city", slug]},
            "publisher": publisher,
            "license": settings.PUBLIC_DATA_LICENCE,
            "language": LANGUAGES,
            "spatial": INDONESIA,
            "temporal": {"@type": "dct:PeriodOfTime", "startDate": str(start), "endDate": str(end)},
            "modified": modified,
            "distribution": [
                {"@id": csv_url + "#distribution", "@type": "dcat:Distribution",
                 "title": {"id": f"{dataset.title_id} (CSV)", "en": f"{dataset.title_en} (CSV)"},
                 "accessURL": csv_url, "downloadURL": csv_url, "mediaType": MEDIA + "text/csv",
                 "license": settings.PUBLIC_DATA_LICENCE, "describedBy": meta_url,
                 "conformsTo": "https://www.rfc-editor.org/rfc/rfc4180"},
                {"@id": json_url + "#distribution", "@type": "dcat:Distribution",
                 "title": {"id": f"{dataset.title_id} (JSON)", "en": f"{dataset.title_en} (JSON)"},
                 "accessURL": json_url, "downloadURL": json_url, "mediaType": MEDIA + "application/json",
                 "license": settings.PUBLIC_DATA_LICENCE},
                {"@id": meta_url + "#distribution", "@type": "dcat:Distribution",
                 "title": {"id": f"{dataset.title_id} (metadata CSVW)", "en": f"{dataset.title_en} (CSVW metadata)"},
                 "accessURL": meta_url, "downloadURL": meta_url, "mediaType": MEDIA + "application/csvm+json",
                 "license": settings.PUBLIC_DATA_LICENCE, "conformsTo": "http://www.w3.org/ns/csvw"},
            ],
        })
    return {
        "@context": CONTEXT,
        "@id": absolute("/data/catalog.jsonld"),
        "@type": "dcat:Catalog",
        "title": {"id": "Data terbuka Monev Smart City", "en": "Monev Smart City open data"},
        "description": {"id": "Data terbuka Gerakan Menuju Smart City: peserta, masterplan, program dan hasil evaluasi.",
                        "en": "Open data of the Gerakan Menuju Smart City: participants, masterplans, programmes "
                              "and evaluation results."},
        "publisher": publisher,
        "license": settings.PUBLIC_DATA_LICENCE,
        "homepage": absolute(reverse("public:national")),
        "modified": modified,
        "language": LANGUAGES,
        "dataset": datasets,
    }
