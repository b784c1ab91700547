"""The seed article walked through review, publication and a correction in a
real headless Chromium, as a reviewer, an editor and a reporter would."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from checks.models import Claim
from newsroom import services
from newsroom.models import Article
from reviews import selectors as review_selectors
from reviews import services as reviews

from .browser import Browser, chromium_start, chromium_stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "demo-pass-for-browser-1"
SEED_SLUG = "isis-convoy-joins-terrorists-in-isis-held-syria"


@pytest.fixture
def browser(live_server):
    driver, profile = chromium_start()
    try:
        yield Browser(driver, live_server.url)
    finally:
        chromium_stop(driver, profile)


@pytest.fixture
def seed(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", PASSWORD)
    # Tasks run in-process here: the seed draft's claims are extracted on commit.
    call_command("loadseeds")
    article = Article.objects.get(slug=SEED_SLUG)
    assert article.drafts.get().extraction_status == "done"
    return article


def workspace(article, claim=None):
    path = f"/admin/newsroom/article/{article.pk}/workspace/"
    return path + (f"?claim={claim.pk}#claim-panel" if claim else "")


def test_seed_article_from_queue_to_published_correction(browser, seed):
    article = seed
    vehicles = Claim.objects.get(article=article, text="40 vehicles")
    convoy = Claim.objects.get(article=article, text="600 ISIS terrorists")

    # The editor hands "40 vehicles" to the reviewer from the queue.
    browser.log_in("editor", PASSWORD)
    browser.open("/admin/desk/queue/?view=all")
    browser.click(f"#pick-{vehicles.pk}")
    browser.find("#bulk-assign select").send_keys("reviewer")
    browser.submit("#bulk-assign input[type=submit]")
    assert "Assigned 1 claim to reviewer." in browser.text(".messagelist")

    # The reviewer lands on the admin index, opens their queue, then the article.
    browser.log_in("reviewer", PASSWORD)
    browser.submit("#link-my-queue")
    queue = browser.text("#queue")
    assert "40 vehicles" in queue
    assert "ASSIGNED" in queue
    browser.screenshot("queue")
    browser.click_link("40 vehicles")
    assert "Claim " in browser.text("#claim-h")
    assert "ASSIGNED" in browser.text("#claim-status")

    # ... and records "verified" with evidence.
    browser.click("#id_rating_0")
    browser.fill("#id_explanation", "CENTCOM's strike report lists 40 vehicles.")
    browser.fill("#id_evidence-0-url", "https://www.centcom.mil/strike-report")
    browser.fill("#id_evidence-0-title", "Coalition strike report")
    browser.fill("#id_evidence-0-excerpt", "destroyed 40 vehicles and 85 fighters")
    browser.driver.execute_script(
        "document.getElementById('id_evidence-0-accessed_on').value = '2017-09-14'"
    )
    browser.submit("#verdict-form input[type=submit]")
    assert "Verdict recorded: Verified." in browser.text(".messagelist")
    assert browser.text("#claim-status") == "VERIFIED"
    assert "Coalition strike report" in browser.text("#claim-panel")
    # A reviewer has no sign-off button and no publish button.
    assert not browser.all("#sign-off-button")
    assert not browser.all("#publish-button")
    browser.screenshot("workspace")

    # The editor signs it off.
    browser.log_in("editor", PASSWORD)
    browser.open("/admin/desk/sign-off/")
    assert "40 vehicles" in browser.text("#sign-off-queue")
    browser.screenshot("sign-off-queue")
    browser.open(workspace(article, vehicles))
    browser.submit("#sign-off-button")
    assert browser.text("#claim-status") == "SIGNED OFF"

    # Publishing is blocked, and the page says by what.
    blockers = browser.text("#publish-blockers")
    assert "600 ISIS terrorists" in blockers
    assert "40 vehicles" not in blockers
    browser.submit("#publish-button")
    refusal = browser.text(".messagelist")
    assert "cannot be published" in refusal
    assert "600 ISIS terrorists" in refusal
    assert Article.objects.get(pk=article.pk).status == "draft"

    # One blocker is waived through the form; the rest through the service,
    # which is the same call the form makes, to keep the test short.
    browser.open(workspace(article, convoy))
    browser.driver.execute_script(
        "document.querySelectorAll('details').forEach(d => d.open = true)"
    )
    browser.find("#waive-form select").send_keys("Opinion")
    browser.submit("#waive-form input[type=submit]")
    assert "Waived." in browser.text(".messagelist")
    editor = get_user_model().objects.get(username="editor")
    for claim in review_selectors.publish_blockers(draft=article.drafts.get()):
        reviews.claim_waive(claim=claim, editor=editor, reason="not_checkworthy")
    browser.open(workspace(article))
    assert "Nothing blocks publication of draft 1" in browser.text("#publish")
    browser.submit("#publish-button")
    assert "Published draft 1." in browser.text(".messagelist")
    assert Article.objects.get(pk=article.pk).status == "published"

    # A reporter asks for a correction of "600 ISIS terrorists".
    browser.log_in("reporter", PASSWORD)
    browser.open(workspace(article, convoy))
    browser.driver.execute_script(
        "document.getElementById('correction-details').open = true"
    )
    browser.fill("#id_problem", "The deal covered about 300 fighters.")
    browser.fill("#id_proposed_text", "300 ISIS terrorists")
    browser.fill("#id_evidence_url", "https://example.org/deal-terms")
    browser.submit("#correction-form input[type=submit]")
    assert "Correction request opened." in browser.text(".messagelist")
    correction_url = browser.driver.current_url.replace(browser.base_url, "")

    # The reviewer accepts it.
    browser.log_in("reviewer", PASSWORD)
    browser.open(correction_url)
    browser.click("#id_decision_0")
    browser.submit("#assess-form input[type=submit]")
    assert "Accepted, awaiting sign-off" in browser.text("#correction-status")

    # The editor previews the corrected text and the note, then signs off.
    browser.log_in("editor", PASSWORD)
    browser.open(correction_url)
    browser.fill("#id_note", "We misstated the number of fighters in the convoy.")
    browser.submit("#correction-preview-button")
    preview = browser.find("#correction-preview")
    assert preview.find_element("css selector", "del").text == "600 ISIS terrorists"
    assert preview.find_element("css selector", "ins").text == "300 ISIS terrorists"
    assert "We misstated the number" in browser.text("#note-preview")
    browser.submit("#correction-sign-off")
    assert "Signed off and published" in browser.text("#correction-status")
    assert "We misstated the number of fighters" in browser.text("#published-note")

    # The public note is on the article, and the compare view shows the change.
    browser.open(workspace(article))
    assert "Correction 1" in browser.text("#publish")
    assert "300 ISIS terrorists" in browser.text("#article-text")
    draft2 = article.drafts.get(number=2)
    browser.open(f"/admin/newsroom/draft/{draft2.pk}/compare/")
    outcomes = browser.text("#claim-outcomes")
    assert "CHANGED" in outcomes
    assert "300 ISIS terrorists" in outcomes
    browser.screenshot("compare")
    browser.open(f"/admin/newsroom/draft/{draft2.pk}/compare/?layout=side")
    assert "300 ISIS terrorists" in browser.text("#compare-new")
    browser.screenshot("compare-side-by-side")


XSS = '<script>window.__xss=1</script> and <img src=x onerror="window.__xss=1">'


def test_injected_script_never_runs(browser, make_user):
    from newsroom.roles import EDITOR

    editor = make_user("eve", EDITOR)
    article = services.article_create(
        title="Convoy <script>window.__xss=1</script>",
        body=f"Forces took out 40 vehicles. {XSS}",
        author=editor,
    )
    draft2, _ = services.draft_save(
        article=article,
        title=article.title,
        body=f"Forces took out 41 vehicles. {XSS} More: {XSS}",
        author=editor,
    )
    browser.log_in("eve", "pw-for-tests-1")
    pages = {
        workspace(article): "#article-text",
        f"/admin/newsroom/draft/{draft2.pk}/compare/": "#compare-inline",
        f"/admin/newsroom/draft/{draft2.pk}/compare/?layout=side": "#compare-new",
    }
    for path, css in pages.items():
        browser.open(path)
        browser.find(css)
        # The text as a reader sees it, without the status badges after claims.
        text = browser.driver.execute_script(
            "const c = document.querySelector(arguments[0]).cloneNode(true);"
            "c.querySelectorAll('.badge').forEach(b => b.remove());"
            "return c.textContent;",
            css,
        )
        assert browser.driver.execute_script("return window.__xss") is None, path
        assert "<script>window.__xss=1</script>" in text, path
        assert '<img src=x onerror="window.__xss=1">' in text, path
        assert not browser.all(f"{css} script, {css} img")
