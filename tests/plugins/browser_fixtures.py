"""One headless Chromium for the whole test session, shared by the chat-page and console tests.

Playwright's sync API allows one running instance per thread, so every browser test uses this fixture.
The browser is CHROMIUM_PATH or Debian's chromium (`make test` installs it); Playwright never downloads one.
"""

from __future__ import annotations

import os

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
