"""What every page tells the browser (decision 0024): the Content-Security-Policy, whose nonce
every inline script carries; the Permissions-Policy; and, for anyone signed in and for every
download, that nothing may be stored. Each route is tried by a persona allowed to use it, on
the route list and the world of test_routes."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.headers import NoStoreMiddleware
from tests.policy.test_routes import ROUTES, SEES, _url

pytestmark = pytest.mark.django_db

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
}
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def script_nonce(policy: dict[str, str]) -> str | None:
    found = re.search(r"'nonce-([^']+)'", policy.get("script-src", ""))
    return found.group(1) if found else None


def policy_problems(response) -> list[str]:
    """Everything wrong with what the response tells the browser, as sentences."""
    if "Content-Security-Policy" not in response:
        return ["no Content-Security-Policy"]
    policy = directives(response)
    problems = [f"{name} is {policy.get(name)!r}, not {value!r}"
                for name, value in REQUIRED_DIRECTIVES.items() if policy.get(name) != value]
    script_src = policy.get("script-src", "").split()
    if "'unsafe-inline'" in script_src or "'unsafe-eval'" in script_src:
        problems.append(f"script-src allows inline or eval: {script_src}")
    if response.get("Content-Type", "").startswith("text/html"):
        html = response.content.decode()
        nonce = script_nonce(policy)
        for attributes in SCRIPT_TAG.findall(html):
            if "src=" in attributes:
                continue
            given = re.search(r'nonce="([^"]*)"', attributes)
            if nonce is None or given is None or given.group(1) != nonce:
                problems.append(f"inline script without the header's nonce: <script{attributes}>")
    permissions = response.get("Permissions-Policy", "")
    problems += [f"Permissions-Policy does not deny {feature}"
                 for feature in DENIED_FEATURES if f"{feature}=()" not in permissions]
    return problems


def _allowed_case(name: str) -> tuple[str, str]:
    """A persona allowed to use the route, and an object of the route's kind they can see."""
    spec = ROUTES[name]
    for persona in sorted(spec.allowed):
        for variant, seers in SEES[spec.kind].items():
            if persona in seers and variant != "foreign":
                return persona, variant
    raise AssertionError(f"no persona may use {name}")


def test_every_route_sends_the_browser_policy_and_signed_in_pages_are_not_stored(
        client, world, people):
    wrong, checked = [], 0
    for name, spec in sorted(ROUTES.items()):
        persona, variant = _allowed_case(name)
        client.force_login(people[persona])
        response = client.get(_url(name, spec, world[spec.kind][variant]))
        assert response.status_code == spec.get_ok, (name, persona, response.status_code)
        problems = policy_problems(response)
        if "no-store" not in response.get("Cache-Control", ""):
            problems.append(f"Cache-Control is {response.get('Cache-Control')!r}")
        if "Cookie" not in response.get("Vary", ""):
            problems.append(f"Vary is {response.get('Vary')!r}")
        wrong += [f"GET {name} as {persona}: {problem}" for problem in problems]
        checked += 1
    assert wrong == [], "\n".join(wrong)
    assert checked == len(ROUTES)


def test_exports_and_downloads_are_not_stored(client, world, people):
    client.force_login(people["ofsted_admin"])
    area = world["area"]["own"]
    downloads = [reverse("deadlines:export"),
                 reverse("self_evaluations:download",
                         args=[area["area"].pk, area["self_evaluation_version"].pk])]
    for url in downloads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Disposition"].startswith("attachment"), url
        assert "no-store" in response["Cache-Control"], url
        assert policy_problems(response) == [], url


@pytest.mark.parametrize("name", ["accessibility", "privacy", "accounts:sign-in",
                                  "accounts:session-ended"])
def test_public_pages_send_the_browser_policy_too(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert policy_problems(response) == []


@pytest.mark.parametrize("name", ["accessibility", "privacy"])
def test_public_pages_seen_signed_out_may_be_cached(client, name):
    assert "no-store" not in client.get(reverse(name)).get("Cache-Control", "")


def test_static_files_may_be_cached(client):
    response = client.get("/static/js/application.js")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_download_is_not_stored_even_for_someone_signed_out():
    def download(request):
        response = HttpResponse(b"a,b\n", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="a.csv"'
        return response

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert "no-store" in NoStoreMiddleware(download)(request)["Cache-Control"]


def test_the_inline_script_nonce_changes_with_every_response(client):
    first, second = (script_nonce(directives(client.get(reverse("accessibility"))))
                     for _ in range(2))
    assert first and second and first != second
