"""Headless Chromium driving the live server, with personas signed in through the real form.

Every test here runs against pytest-django's live server, so it is transactional: the
database is emptied after each test. The register of local areas, the roles and their
permissions are written by migrations, so each test restores them by serialized rollback.

Playwright's sync API leaves an asyncio event loop running in the main thread for as long
as the browser is open. Django therefore treats the thread as async: ORM calls need
DJANGO_ALLOW_ASYNC_UNSAFE, and database connections opened from then on are not the ones
the test databases were created with (see `_hand_over_snapshots`).
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections

from tests.conftest import authenticator_for, code_from
from tests.factories import TEST_PASSWORD

BROWSER_DIR = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEFAULT_TIMEOUT_MS = 10_000


def _is_browser_test(item: pytest.Item) -> bool:
    return item.path.is_relative_to(BROWSER_DIR)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests carry the `browser` marker and run last, once every other test is done.

    Running last means no other test ever runs while Playwright's event loop is open.
    """
    for item in items:
        if _is_browser_test(item):
            item.add_marker(pytest.mark.browser)
    items.sort(key=_is_browser_test)


def _browser_unavailable(reason: str) -> None:
    """Fails when BROWSER_TESTS_REQUIRED=1 (as in CI), else skips; never returns."""
    if os.environ.get("BROWSER_TESTS_REQUIRED") == "1":
        pytest.fail(f"Browser tests are required but cannot run: {reason}", pytrace=False)
    pytest.skip(f"BROWSER TESTS SKIPPED: {reason}")


def _migration_snapshots() -> dict[str, str]:
    """Django's snapshot of each test database as migrations left it, by database alias."""
    return {
        connection.alias: connection._test_serialized_contents
        for connection in connections.all()
        if hasattr(connection, "_test_serialized_contents")
    }


def _hand_over_snapshots(snapshots: dict[str, str]) -> None:
    """Connections opened while the event loop runs can restore the snapshots too.

    Without this, serialized rollback finds no snapshot on them: tests after the first
    would see an empty register.
    """
    for alias, contents in snapshots.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator:
    """One headless Debian Chromium for the whole session, closed at the end.

    DJANGO_ALLOW_ASYNC_UNSAFE is set only while the browser is open, so it never reaches
    tests (or the processes they start) that run before it. Database connections opened
    while it was open are closed with it.
    """
    if not CHROMIUM.exists():
        _browser_unavailable(
            f"{CHROMIUM} is missing. Install Debian's Chromium: apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    snapshots = _migration_snapshots()
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        _hand_over_snapshots(snapshots)
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        connections.close_all()


@pytest.fixture(autouse=True)
def _restore_migrated_data(django_db_serialized_rollback) -> None:
    """Each test starts with the data migrations wrote (register, roles, permissions)."""


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A page in a fresh browser context (no cookies) on the live server; closed after."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def sign_in_through_form(page, user) -> None:
    """Signs the user in through the sign-in form, and for those who need a second factor
    through the security code page, with the code their authenticator app would show;
    returns once the home page has loaded."""
    from policy import people

    device = authenticator_for(user) if people.two_factor_required(user) else None
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("/account/two-factor/**")
        page.get_by_label("Security code").fill(code_from(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url("/")


@pytest.fixture
def sign_in(page) -> Callable:
    """Call with a user to sign them in on `page`; the page is then on the home page."""
    return lambda user: sign_in_through_form(page, user)


@pytest.fixture
def medway_led_to(ofsted_admin, lead_inspector, medway, walk_to) -> Callable:
    """medway_led_to(place): Medway's inspection of 4 to 8 December 2017, led by the lead
    inspector, walked through the services to `place` (the call made to Ian Sutherland)."""
    import datetime

    from inspections import services
    from inspections.models import TeamRole

    def walk(place: str):
        inspection = services.inspection_create(
            by=ofsted_admin, local_area=medway, framework="2016",
            onsite_start=datetime.date(2017, 12, 4), onsite_end=datetime.date(2017, 12, 8))
        services.conflict_declare(inspection=inspection, inspector=lead_inspector,
                                  by=lead_inspector, has_connection=False)
        services.team_member_add(inspection=inspection, by=ofsted_admin, user=lead_inspector,
                                 role=TeamRole.LEAD)
        return walk_to(inspection, place, call={
            "person_called": "Ian Sutherland", "lano": None,
            "person_called_role": "Director of children's services"})

    return walk
