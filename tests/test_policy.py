"""The permission matrix: every persona × every action × own region / same province / other province.

A region the persona may not see answers 404 (its existence is not leaked), an action the persona
may not take on a region they see answers 403, the anonymous public is sent to sign in (pages)
or answered 401 (API); and no refusal writes anything.
"""
import pytest
from django.urls import reverse

from smartcity import policy
from tests.conftest import enrolment_form_data

ANONYMOUS = "anonymous"
RELATIONS = ("own", "same_province", "other_province")

# For each persona: the region that is theirs, another region of the same province, and a region of
# another province. National personas and those without a region are read from Bantul's standpoint.
TARGETS = {
    "admin": ("34.02", "34.04", "35.22"),
    "kementerian": ("34.02", "34.04", "35.22"),
    "diy": ("34", "34.02", "35.22"),
    "bantul": ("34.02", "34.04", "35.22"),
    "sleman": ("34.04", "34.02", "33.18"),
    "penilai": ("34.02", "34.04", "35.22"),
    "outsider": ("34.02", "34.04", "35.22"),
    ANONYMOUS: ("34.02", "34.04", "35.22"),
}

# action → persona → expected status for (own, same province, other province)
EXPECTED = {
    "view_region": {
        "admin": (200, 200, 200),
        "kementerian": (200, 200, 200),
        "diy": (200, 200, 404),
        "bantul": (200, 404, 404),
        "sleman": (200, 404, 404),
        "penilai": (404, 404, 404),
        "outsider": (404, 404, 404),
        ANONYMOUS: (302, 302, 302),
    },
    "view_enrolment_edit": {
        "admin": (200, 200, 200),
        "kementerian": (403, 403, 403),
        "diy": (200, 403, 404),
        "bantul": (200, 404, 404),
        "sleman": (200, 404, 404),
        "penilai": (404, 404, 404),
        "outsider": (404, 404, 404),
        ANONYMOUS: (302, 302, 302),
    },
    "post_enrolment_edit": {
        "admin": (302, 302, 302),
        "kementerian": (403, 403, 403),
        "diy": (302, 403, 404),
        "bantul": (302, 404, 404),
        "sleman": (302, 404, 404),
        "penilai": (404, 404, 404),
        "outsider": (404, 404, 404),
        ANONYMOUS: (302, 302, 302),
    },
    "api_get_region": {
        "admin": (200, 200, 200),
        "kementerian": (200, 200, 200),
        "diy": (200, 200, 404),
        "bantul": (200, 404, 404),
        "sleman": (200, 404, 404),
        "penilai": (404, 404, 404),
        "outsider": (404, 404, 404),
        ANONYMOUS: (401, 401, 401),
    },
    "api_patch_enrolment": {
        "admin": (200, 200, 200),
        "kementerian": (403, 403, 403),
        "diy": (200, 403, 404),
        "bantul": (200, 404, 404),
        "sleman": (200, 404, 404),
        "penilai": (404, 404, 404),
        "outsider": (404, 404, 404),
        ANONYMOUS: (401, 401, 401),
    },
}

MATRIX = [
    pytest.param(action, persona, relation, TARGETS[persona][i], statuses[i],
                 id=f"{action}-{persona}-{relation}")
    for action, by_persona in EXPECTED.items()
    for persona, statuses in by_persona.items()
    for i, relation in enumerate(RELATIONS)
]

WRITES = {"post_enrolment_edit", "api_patch_enrolment"}
NEW_NOTES = "Catatan baru dari uji izin."


def _act(action, code, world, client):
    if action == "view_region":
        return client.get(reverse("regions:region_detail", args=[code]))
    if action == "view_enrolment_edit":
        return client.get(reverse("regions:enrolment_edit", args=[code]))
    if action == "post_enrolment_edit":
        data = enrolment_form_data(world.enrolment(code), notes=NEW_NOTES)
        return client.post(reverse("regions:enrolment_edit", args=[code]), data)
    if action == "api_get_region":
        return client.get(f"/api/v1/regions/{code}/")
    if action == "api_patch_enrolment":
        enrolment = world.enrolment(code)
        return client.patch(f"/api/v1/enrolments/{enrolment.pk}/",
                                     {"notes": NEW_NOTES, "version": enrolment.version}, format="json")
    raise AssertionError(action)


@pytest.mark.parametrize(("action", "persona", "relation", "code", "expected"), MATRIX)
def test_each_persona_gets_the_answer_the_policy_gives_for_each_region(
        action, persona, relation, code, expected, world, client_as, api_as, unchanged):
    # Signing in writes (last_login): done before the request under test.
    client = api_as(persona) if action.startswith("api_") else client_as(persona)
    allowed = persona != ANONYMOUS and expected in (200, 302)
    if not allowed:
        # A refusal: the answer is the expected one and nothing at all was written.
        with unchanged():
            response = _act(action, code, world, client)
        assert response.status_code == expected
    else:
        before = world.enrolment(code)
        response = _act(action, code, world, client)
        assert response.status_code == expected
        if action in WRITES:
            after = world.enrolment(code)
            assert after.notes == NEW_NOTES
            assert after.version == before.version + 1
            assert after.history.first().history_user == world.users[persona]

    if expected == 302 and persona == ANONYMOUS:
        assert response["Location"].startswith(reverse("login"))
    elif expected == 302:
        assert response["Location"] == reverse("regions:region_detail", args=[code])
    if expected == 404 and action.startswith("api_"):
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()
    if expected == 404 and not action.startswith("api_"):
        assert "404.html" in [t.name for t in response.templates]
    if expected == 403 and not action.startswith("api_"):
        assert "403.html" in [t.name for t in response.templates]


# --- the policy module itself ------------------------------------------------------------------------


def test_region_staff_scope_is_their_region_only(world):
    bantul = world.users["bantul"]
    assert policy.scope(bantul, policy.VIEW).regions == {"34.02"}
    assert not policy.scope(bantul, policy.VIEW).provinces
    assert policy.can(bantul, policy.CHANGE, world.regions["34.02"])
    assert not policy.can(bantul, policy.VIEW, world.regions["34.04"])


def test_province_officer_sees_the_province_and_its_children_but_changes_only_the_province(world):
    from regions.models import Region

    diy = world.users["diy"]
    visible = set(Region.objects.visible_to(diy).values_list("code", flat=True))
    editable = set(Region.objects.editable_by(diy).values_list("code", flat=True))
    assert visible == {"34", "34.01", "34.02", "34.03", "34.04", "34.71"}
    assert editable == {"34"}


def test_ministry_sees_everything_and_changes_nothing(world):
    from regions.models import Region

    kementerian = world.users["kementerian"]
    assert Region.objects.visible_to(kementerian).count() == len(world.regions)
    assert not Region.objects.editable_by(kementerian).exists()
    assert policy.can(kementerian, policy.VIEW_NATIONAL)
    assert policy.can(kementerian, policy.USE_ADMIN_SITE)
    assert not policy.can(kementerian, policy.MANAGE_REFERENCE)


def test_admin_role_alone_gives_every_right_without_superuser(world):
    admin = world.users["admin"]
    assert not admin.is_superuser and not admin.is_staff
    for action in (policy.VIEW_NATIONAL, policy.USE_ADMIN_SITE, policy.MANAGE_REFERENCE):
        assert policy.can(admin, action)
    assert policy.can(admin, policy.CHANGE, world.regions["35.22"])


@pytest.mark.parametrize("persona", ["outsider", "penilai"])
def test_a_user_without_a_regional_role_sees_no_region(world, persona):
    from regions.models import Region

    user = world.users[persona]
    assert not Region.objects.visible_to(user).exists()
    assert not policy.can(user, policy.USE_ADMIN_SITE)


def test_anonymous_user_sees_no_regional_record(world):
    from django.contrib.auth.models import AnonymousUser

    from regions.models import Enrolment

    anonymous = AnonymousUser()
    assert not Enrolment.objects.visible_to(anonymous).exists()
    assert not policy.can(anonymous, policy.VIEW, world.regions["34.02"])


def test_an_inactive_user_loses_every_right(world):
    from regions.models import Region

    bantul = world.users["bantul"]
    bantul.is_active = False
    assert not Region.objects.visible_to(bantul).exists()


@pytest.mark.parametrize(("persona", "home"), [
    ("bantul", "34.02"), ("sleman", "34.04"), ("diy", "34"), ("admin", None), ("penilai", None), ("outsider", None),
])
def test_home_region_is_the_region_a_regional_user_works_for(world, persona, home):
    assert policy.home_region(world.users[persona]) == home
