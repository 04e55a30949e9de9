import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.services import chromium_path_or_skip

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path_or_skip()
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself (reading the outbox, the database) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class AccessibilityChecker:
    """Runs axe-core on each page visited and remembers serious or critical violations."""

    def __init__(self, label: str):
        self.axe = Axe()
        self.label = label
        self.problems: list[str] = []
        self.pages: list[str] = []

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(
            path=SCREENSHOTS / f"{self.label}-{len(self.pages):02d}-{name}.png", full_page=True
        )
        self.pages.append(page.url)
        results = self.axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]]
                self.problems.append(
                    f"{page.url}: {violation['id']} ({violation['impact']}) {targets}"
                )
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size["width"]
        if width > viewport:
            self.problems.append(f"{page.url}: content is {width}px wide in a {viewport}px window")
