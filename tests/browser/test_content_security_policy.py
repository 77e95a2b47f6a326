"""In chromium, no page breaks its own Content-Security-Policy (nothing inline, nothing from
elsewhere), and GOV.UK Frontend still starts from its static file."""

import pytest

from tests.core.test_every_page import PAGES

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""
# Pages that need a signed-in user redirect to sign-in; the others are visited as they are.
EXTRA = ["/register/practitioners/1/", "/api/docs", "/no-such-page/"]


@pytest.fixture
def watched_page(browser):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    messages = []
    page.on("console", lambda m: messages.append(m.text) if m.type == "error" else None)
    page.console_errors = messages
    yield page
    context.close()


# Sign-out answers GET with an empty 405 (it is a POST), which chromium shows as its own error.
VISITED = [p for p in PAGES if not p.endswith("/logout/")] + EXTRA


@pytest.mark.parametrize("path", VISITED)
def test_the_page_raises_no_content_security_policy_violation(e2e_server, watched_page, path):
    page = watched_page
    first = page.request.get(e2e_server.url + path, max_redirects=5)
    assert first.headers.get("content-security-policy"), path
    if first.status == 405 or not first.headers.get("content-type", "").startswith("text/html"):
        return  # a download or a POST-only address: no page for the browser to draw
    response = page.goto(e2e_server.url + path, wait_until="load")
    assert response is not None and response.headers.get("content-security-policy")
    page.wait_for_timeout(200)  # module scripts run after load
    violations = page.evaluate("window.__csp")
    refused = [m for m in page.console_errors if "Content Security Policy" in m]
    assert violations == [] and refused == [], (path, violations, refused)
    if path != "/api/docs":
        classes = page.evaluate("document.body.className")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes, path


def test_govuk_frontend_components_start_from_the_static_file(e2e_server, watched_page):
    page = watched_page
    page.goto(e2e_server.url + "/accounts/login/", wait_until="load")
    # The password input's "Show password" button works only when its JavaScript runs.
    field = page.locator("#id_password")
    page.get_by_role("button", name="Show password").click()
    assert field.get_attribute("type") == "text"
    assert page.evaluate("window.__csp") == []
