import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.required_services import chromium_path_or_skip

SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--lang=en-GB",
]


@pytest.fixture(scope="session")
def browser():
    path = chromium_path_or_skip()
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself (reading the outbox, the database) are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=CHROMIUM_ARGS,
            env={**os.environ, "LANG": "en_GB.UTF-8", "LANGUAGE": "en_GB"},
        )
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


def log_in_browser(context, live_server, user) -> None:
    """Starts the browser context logged in as `user` (the login itself is tested elsewhere)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def open_menu(page) -> None:
    """On a phone the header's links are behind the Menu button: open it, as a person would."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()


class Keyboard:
    """Moves through a page with the Tab key only, as a keyboard user does."""

    def __init__(self, page, max_presses: int = 150):
        self.page = page
        self.max_presses = max_presses

    def _is_focused(self, locator) -> bool:
        return locator.evaluate("element => element === document.activeElement")

    def tab_to(self, locator) -> None:
        for _ in range(self.max_presses):
            self.page.keyboard.press("Tab")
            if self._is_focused(locator):
                return
        raise AssertionError(f"could not reach {locator} with the Tab key")

    def activate(self, locator) -> None:
        """Tab to a link or button and press Enter."""
        self.tab_to(locator)
        self.page.keyboard.press("Enter")

    def tick(self, locator) -> None:
        self.tab_to(locator)
        self.page.keyboard.press("Space")
        assert locator.is_checked()

    def type_into(self, locator, text: str) -> None:
        self.tab_to(locator)
        self.page.keyboard.type(text)

    def type_date(self, group, day) -> None:
        """Fill a day, month and year date group, box by box."""
        for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
            self.type_into(group.get_by_label(part, exact=True), str(value))

    def choose_radio(self, group, label: str) -> None:
        """Tab into a radio group, then move with the arrow keys to the wanted option."""
        radios = group.get_by_role("radio")
        target = group.get_by_label(label, exact=True)
        for _ in range(self.max_presses):
            self.page.keyboard.press("Tab")
            if radios.evaluate_all("(els) => els.includes(document.activeElement)"):
                break
        for _ in range(radios.count() + 1):
            if not self.page.evaluate("document.activeElement.checked"):
                self.page.keyboard.press("Space")
            if target.is_checked():
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"could not choose {label}")
