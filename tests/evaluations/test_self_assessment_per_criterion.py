"""The self-assessment saves one criterion's answer at a time (issue 20): one bad file or link no longer
refuses the whole sheet. Valid answers are saved; a refused one is shown at its criterion with its error
(its file not kept) and linked from the banner at the top; a list of criteria to jump to shows each
aspect's progress; codes such as O01 keep their zeros apart from the letter O. The page's queries stay
constant."""
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import Criterion, SelfAssessment

from .builders import criteria_of, make_cycle, make_evaluation, make_instrument
from .test_pages import PDF, page, sheet_data


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def files_in(media):
    return sorted(p.name for p in media.rglob("*") if p.is_file()) if media.exists() else []


def upload(content, name):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


def levels(evaluation):
    return dict(SelfAssessment.objects.filter(evaluation=evaluation).values_list("criterion__code", "level"))


def test_valid_answers_are_saved_and_the_one_with_a_bad_file_is_refused_at_its_criterion(bantul, client_as, media):
    k01, k02, _k03 = criteria_of(bantul)
    data = sheet_data(bantul, [3, 2, 4], **{f"c{k02.pk}-evidence_file": upload(b"MZ\x90 not a pdf", "bukti.pdf")})

    response = client_as("bantul").post(page("self_assessment", bantul), data)

    assert response.status_code == 400
    assert levels(bantul) == {"K01": 3, "K03": 4}
    assert files_in(media) == []
    text = response.content.decode()
    banner = re.search(r'<div class="alert alert-danger"[^>]*data-testid="refused-answers">(.*?)</div>', text, re.S)
    assert "One answer was refused and not saved; the other answers are saved." in banner.group(1)
    assert 'href="#criterion-K02"' in banner.group(1)
    assert 'href="#criterion-K01"' not in banner.group(1)
    card = re.search(r'id="criterion-K02">(.*?)</form>', text, re.S).group(1)
    assert "This answer was not saved" in card
    assert "This file is not a PDF, PNG or JPEG document." in card
    assert f'value="2" id="id_c{k02.pk}-level_2" checked' in card  # what was typed stays


def test_a_refused_answer_does_not_keep_its_good_file(bantul, client_as, media):
    k01 = criteria_of(bantul)[0]
    data = sheet_data(bantul, [3, None, None], **{f"c{k01.pk}-evidence_url": "bukan alamat",
                                                  f"c{k01.pk}-evidence_file": upload(PDF, "SK Dewan.pdf")})

    response = client_as("bantul").post(page("self_assessment", bantul), data)

    assert response.status_code == 400
    assert levels(bantul) == {}
    assert files_in(media) == []
    assert "The file SK Dewan.pdf was not kept, as this answer was refused" in response.content.decode()


def test_the_saved_answers_come_back_with_their_new_versions_so_the_next_save_is_not_stale(bantul, client_as, media):
    client = client_as("bantul")
    client.post(page("self_assessment", bantul), sheet_data(bantul, [3, None, None]))
    k02 = criteria_of(bantul)[1]
    response = client.post(page("self_assessment", bantul), sheet_data(
        bantul, [4, 2, None], **{f"c{k02.pk}-evidence_url": "bukan alamat"}))
    assert response.status_code == 400
    assert levels(bantul) == {"K01": 4}

    # The user corrects K02 on the page they got back and saves again.
    versions = dict(re.findall(r'name="(c\d+-version)" value="(\d+)"', response.content.decode()))
    data = sheet_data(bantul, [4, 2, None]) | versions
    assert client.post(page("self_assessment", bantul), data).status_code == 302
    assert levels(bantul) == {"K01": 4, "K02": 2}


def test_submitting_with_a_refused_answer_saves_the_others_and_does_not_submit(bantul, client_as, media):
    k03 = criteria_of(bantul)[2]
    data = sheet_data(bantul, [3, 2, 4], action="submit", **{f"c{k03.pk}-evidence_url": "bukan alamat"})

    response = client_as("bantul").post(page("self_assessment", bantul), data)

    assert response.status_code == 400
    assert levels(bantul) == {"K01": 3, "K02": 2}
    bantul.refresh_from_db()
    assert bantul.status == "self_assessment"
    assert "The self-assessment was not submitted" in response.content.decode()


def test_the_list_of_criteria_shows_each_aspects_progress_and_links_every_criterion(bantul, client_as):
    client = client_as("bantul")
    client.post(page("self_assessment", bantul), sheet_data(bantul, [3, None, 4]))

    text = client.get(page("self_assessment", bantul)).content.decode()

    nav = re.search(r'data-testid="criteria-nav">(.*?)</nav>', text, re.S).group(1)
    progress = re.findall(r'data-testid="aspect-progress">([^<]+)<', nav)
    assert progress == ["1/1 answered", "0/1 answered", "1/1 answered"]  # baseline, output, impact
    for criterion in criteria_of(bantul):
        assert f'href="#criterion-{criterion.code}"' in nav


def test_criterion_codes_mark_their_zeros_so_that_O01_reads_as_letter_O_then_digits(bantul, client_as):
    Criterion.objects.filter(code="K01").update(code="O01")

    text = client_as("bantul").get(page("self_assessment", bantul)).content.decode()

    assert '<span class="criterion-code">O<span class="code-zero">0</span>1</span>' in text


def test_the_editable_page_runs_a_constant_number_of_queries(users, client_as):
    counted = []
    for n, year, region in ((3, 2026, "34.02"), (12, 2025, "34.02")):
        evaluation = make_evaluation(make_cycle(make_instrument(n, code=f"q{n}"), year=year), region)
        for criterion in criteria_of(evaluation)[:2]:
            SelfAssessment.objects.create(evaluation=evaluation, criterion=criterion, level=3, updated_by=users["bantul"])
        client = client_as("bantul")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page("self_assessment", evaluation))
        assert response.status_code == 200
        assert response.context["editable"]
        counted.append(len(ctx.captured_queries))

    assert counted[0] == counted[1]
