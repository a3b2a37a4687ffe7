"""Open data: RFC 4180 CSV with CSVW metadata, JSON, and a DCAT-AP catalogue that rdflib can read."""
import csv
import io
import json
from urllib.parse import urlsplit

import pytest
import rdflib
from django.test import Client
from django.urls import reverse

from publik.data import DATASETS

QUERY_DATASETS = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?ds ?title_id ?title_en ?description ?publisher ?licence ?start ?end ?spatial ?modified WHERE {
  ?catalog a dcat:Catalog ; dcat:dataset ?ds .
  ?ds a dcat:Dataset ;
      dct:title ?title_id, ?title_en ;
      dct:description ?description ;
      dct:publisher ?publisher ;
      dct:license ?licence ;
      dct:spatial ?spatial ;
      dct:temporal [ dcat:startDate ?start ; dcat:endDate ?end ] ;
      dct:modified ?modified .
  FILTER(lang(?title_id) = "id" && lang(?title_en) = "en")
}"""
QUERY_DISTRIBUTIONS = """
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?ds ?dist ?url ?media WHERE {
  ?ds a dcat:Dataset ; dcat:distribution ?dist .
  OPTIONAL { ?dist dcat:downloadURL ?url }
  OPTIONAL { ?dist dcat:mediaType ?media }
}"""


@pytest.fixture
def catalogue(published_world, settings):
    settings.PUBLIC_BASE_URL = "https://monev.example.go.id"
    response = Client().get("/data/catalog.jsonld", HTTP_HOST="testserver")
    assert response.status_code == 200 and response["Content-Type"] == "application/ld+json"
    graph = rdflib.Graph()
    graph.parse(data=response.content.decode(), format="json-ld")
    return graph


def test_every_dataset_in_the_catalogue_has_titles_description_publisher_licence_coverage_and_modified(catalogue):
    rows = list(catalogue.query(QUERY_DATASETS))

    found = {str(row.ds) for row in rows}
    assert found == {f"https://monev.example.go.id/data/{slug}/#dataset" for slug in DATASETS}
    for row in rows:
        assert str(row.licence) == "https://creativecommons.org/licenses/by/4.0/"
        assert str(row.spatial) == "http://publications.europa.eu/resource/authority/country/IDN"
        assert int(str(row.start)) <= int(str(row.end))
        assert str(row.modified)


def test_every_distribution_has_a_download_url_and_media_type_that_answer_as_promised(catalogue):
    rows = list(catalogue.query(QUERY_DISTRIBUTIONS))
    client = Client()

    assert len(rows) == 3 * len(DATASETS)
    for row in rows:
        assert row.url is not None and row.media is not None, row.dist
        url = urlsplit(str(row.url))
        assert url.netloc == "monev.example.go.id"  # the setting, never the request's host
        response = client.get(url.path)
        assert response.status_code == 200, url.path
        promised = str(row.media).rsplit("/media-types/", 1)[1]
        assert response["Content-Type"].split(";")[0] == promised


def test_the_catalogue_carries_its_context_inline(published_world):
    document = json.loads(Client().get("/data/catalog.jsonld").content)

    assert isinstance(document["@context"], dict)


def test_the_csv_is_rfc_4180_with_a_decimal_point_in_either_language(published_world):
    client = Client()
    client.get(reverse("public:language", args=["id"]))
    response = client.get(reverse("public:dataset_csv", args=["evaluations"]))

    body = response.content.decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.split("\r\n")[0] == "year,region_code,region_name,index,improvement,predikat,rank"
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows == [{"year": "2021", "region_code": "34.02", "region_name": "Kabupaten Bantul", "index": "3.45",
                     "improvement": "", "predikat": "Baik", "rank": "1"}]


def test_the_csvw_metadata_describes_every_column_with_its_datatype(published_world):
    metadata = json.loads(Client().get(reverse("public:dataset_csvw", args=["programmes"])).content)

    names = [c["name"] for c in metadata["tableSchema"]["columns"]]
    assert names == [c.name for c in DATASETS["programmes"].columns]
    assert metadata["tableSchema"]["foreignKeys"][0]["columnReference"] == "region_code"
    assert metadata["url"].endswith("/data/programmes.csv")


def test_the_programmes_dataset_gives_the_programmes_current_status_when_no_report_is_verified(published_world):
    rows = json.loads(Client().get(reverse("public:dataset_json", args=["programmes"])).content)["rows"]

    assert [(r["programme_code"], r["status"], r["status_source"]) for r in rows] == [
        ("QW-01", "stalled", "programme")]


def test_the_masterplans_dataset_links_the_document_its_region_published_and_no_other(published_world, settings):
    settings.PUBLIC_BASE_URL = "https://monev.example.go.id"
    plans = published_world["plans"]
    public_url = "https://monev.example.go.id" + reverse("public:masterplan_document", args=[plans["public"].pk])
    client = Client()

    rows = json.loads(client.get(reverse("public:dataset_json", args=["masterplans"])).content)["rows"]
    csv_rows = list(csv.DictReader(io.StringIO(
        client.get(reverse("public:dataset_csv", args=["masterplans"])).content.decode("utf-8"))))

    assert [(r["title"], r["document_public"], r["document_url"]) for r in rows] == [
        ("Masterplan Smart City Bantul 2019-2023", True, public_url),
        ("Masterplan Smart City Bantul 2024-2028", False, None)]
    # CSVW's default boolean format is true/false; an empty cell is a missing URL.
    assert [(r["document_public"], r["document_url"]) for r in csv_rows] == [("true", public_url), ("false", "")]
    response = client.get(urlsplit(public_url).path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_csvw_metadata_types_the_document_columns(published_world):
    metadata = json.loads(Client().get(reverse("public:dataset_csvw", args=["masterplans"])).content)

    types = {c["name"]: c["datatype"] for c in metadata["tableSchema"]["columns"]}
    assert types["document_public"] == "boolean" and types["document_url"] == "anyURI"


def test_an_unknown_dataset_is_a_404(db):
    assert Client().get("/data/nothing.csv").status_code == 404
