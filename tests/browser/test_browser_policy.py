"""Pages under their Content-Security-Policy in a real browser: nothing is refused, GOV.UK
Frontend still starts, and the timeout warning works (decision 0024)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

# Before any page script runs: every refusal the policy makes is kept where the test can see it.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__cspViolations.push(`${event.violatedDirective} refused ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, recording CSP refusals, console errors and complaints about either policy."""
    page.add_init_script(RECORD_VIOLATIONS)
    errors = []
    page.on("console", lambda message: errors.append(message.text) if (
        message.type == "error" or "Policy" in message.text) else None)
    page.errors = errors
    yield page


def assert_nothing_refused(page) -> None:
    assert page.evaluate("window.__cspViolations") == []
    assert page.errors == []


def test_sign_in_runs_govuk_frontend_under_the_policy(watched, lead_inspector):
    watched.goto("/sign-in/")
    expect(watched.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    watched.get_by_label("Username").fill(lead_inspector.username)
    watched.get_by_role("button", name="Sign in").click()

    # GOV.UK Frontend's error summary moves focus to itself when it starts.
    expect(watched.locator(".govuk-error-summary")).to_be_focused()
    assert_nothing_refused(watched)


def test_signed_in_pages_run_govuk_frontend_under_the_policy(watched, sign_in, ofsted_admin):
    sign_in(ofsted_admin)
    watched.set_viewport_size({"width": 375, "height": 800})
    for url in ["/", "/local-areas/", "/inspections/", "/deadlines/", "/audit/"]:
        watched.goto(url)
        # The menu button is shown, and works, only once GOV.UK Frontend has started.
        toggle = watched.get_by_role("button", name="Menu")
        expect(toggle).to_be_visible()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(watched.get_by_role("link", name="Sign out")).to_be_visible()
    assert_nothing_refused(watched)


def test_an_inline_script_without_the_nonce_is_refused(watched):
    # The policy is really enforced: what a stored-script attack would inject does not run.
    watched.goto("/accessibility/")
    watched.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = true";
        document.body.append(script);
    }""")
    expect(watched.locator("body")).to_be_visible()
    assert watched.evaluate("window.__injected === undefined")
    assert watched.evaluate("window.__cspViolations.length") == 1


# The timeout warning: the page's clock is the browser's own, stopped and moved on by the test;
# the server keeps real time, so its session is still alive when "Stay signed in" is chosen.
# axe-core's scan waits on timers, so the page's clock runs again before each scan.
PAGE_CLOCK = datetime.datetime(2024, 6, 12, 11, 0, tzinfo=datetime.UTC)


@pytest.fixture
def saved_on_every_request(settings):
    """Every request saves the session, so each page is told it has the whole thirty minutes
    however many real seconds have passed since signing in: the countdown is then exact."""
    settings.SESSION_TOUCH_SECONDS = 0


def _open_warning(page, sign_in, user):
    page.clock.install(time=PAGE_CLOCK)
    page.clock.pause_at(PAGE_CLOCK + datetime.timedelta(seconds=5))
    sign_in(user)  # the home page, loaded at PAGE_CLOCK + 5 seconds
    page.clock.fast_forward("28:01")  # 119 seconds left
    return page.get_by_role("dialog", name="You’re about to be signed out")


@pytest.mark.usefixtures("saved_on_every_request")
def test_two_minutes_before_the_session_ends_a_warning_takes_focus(watched, sign_in,
                                                                   lead_inspector):
    warning = _open_warning(watched, sign_in, lead_inspector)

    expect(warning).to_be_visible()
    expect(warning).to_be_focused()
    expect(warning).to_have_attribute("aria-modal", "true")
    expect(warning).to_contain_text("You’ll be signed out in 2 minutes.")
    live = warning.locator("[aria-live=polite]")
    expect(live).to_have_text("You’ll be signed out in 2 minutes.")
    expect(warning.get_by_role("link", name="Sign out")).to_have_attribute(
        "href", "/sign-out/")

    # The visible countdown follows every second; what screen readers hear, every 20.
    watched.clock.fast_forward("01:05")
    expect(warning).to_contain_text("You’ll be signed out in 54 seconds.")
    expect(live).not_to_have_text("You’ll be signed out in 2 minutes.")
    watched.clock.fast_forward("00:01")
    heard = live.text_content()
    watched.clock.fast_forward("00:01")
    expect(warning).to_contain_text("You’ll be signed out in 52 seconds.")
    assert live.text_content() == heard
    watched.clock.resume()  # axe-core waits on timers of its own
    assert_no_axe_violations(watched)
    assert_nothing_refused(watched)


@pytest.mark.usefixtures("saved_on_every_request")
def test_stay_signed_in_closes_the_warning_and_keeps_the_session(watched, sign_in,
                                                                 lead_inspector):
    warning = _open_warning(watched, sign_in, lead_inspector)

    with watched.expect_response("**/session/keep-alive/") as kept:
        warning.get_by_role("button", name="Stay signed in").click()
    assert kept.value.status == 200
    expect(warning).to_be_hidden()

    # The thirty minutes start again: no warning until 28 minutes from now.
    watched.clock.fast_forward("27:00")
    expect(warning).to_be_hidden()
    watched.clock.fast_forward("01:01")
    expect(warning).to_be_visible()
    # Escape means "Stay signed in" too.
    with watched.expect_response("**/session/keep-alive/"):
        watched.keyboard.press("Escape")
    expect(warning).to_be_hidden()
    assert_nothing_refused(watched)


@pytest.mark.usefixtures("saved_on_every_request")
def test_when_the_countdown_ends_the_person_is_signed_out_and_told(watched, sign_in,
                                                                   lead_inspector):
    warning = _open_warning(watched, sign_in, lead_inspector)
    expect(warning).to_be_visible()

    watched.clock.fast_forward("02:00")

    expect(watched.get_by_role("heading", level=1)).to_have_text("You have been signed out")
    expect(watched).to_have_url(re.compile(r"/session/ended/$"))
    watched.clock.resume()
    assert_no_axe_violations(watched)
    watched.get_by_role("link", name="Sign in again").click()
    expect(watched.get_by_role("heading", level=1)).to_have_text("Sign in")
    watched.goto("/inspections/mine/")
    expect(watched).to_have_url(re.compile(r"/sign-in/\?next=/inspections/mine/$"))
    assert_nothing_refused(watched)
