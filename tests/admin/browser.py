"""Headless Debian Chromium for the browser tests: nothing is ever downloaded.

The driver and browser paths are given explicitly so Selenium Manager never
runs.
"""

import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1400,1000",
]


def chromium_start():
    profile = tempfile.mkdtemp(prefix="desk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=CHROMEDRIVER)
    driver = webdriver.Chrome(service=service, options=options)
    driver.implicitly_wait(0)
    return driver, profile


def chromium_stop(driver, profile):
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


class Browser:
    """A few steps a newsroom user takes, spelled as they would say them."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    def open(self, path):
        self.driver.get(self.base_url + path)

    def find(self, css):
        return WebDriverWait(self.driver, 10).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, css))
        )

    def all(self, css):
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def text(self, css="body"):
        return self.find(css).text

    def log_in(self, username, password):
        self.driver.delete_all_cookies()
        self.open("/admin/login/")
        self.find("#id_username").send_keys(username)
        self.find("#id_password").send_keys(password)
        self.submit("input[type=submit]")
        self.find("#user-tools")

    def _navigating(self, click):
        """Click, then wait until the next page has replaced this one."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        click()
        WebDriverWait(self.driver, 10).until(ec.staleness_of(page))
        self.find("body")

    def click(self, css):
        self.find(css).click()

    def submit(self, css):
        self._navigating(self.find(css).click)

    def click_link(self, text):
        link = WebDriverWait(self.driver, 10).until(
            ec.element_to_be_clickable((By.PARTIAL_LINK_TEXT, text))
        )
        self._navigating(link.click)

    def fill(self, css, value):
        field = self.find(css)
        field.clear()
        field.send_keys(value)

    def screenshot(self, name):
        """Save a PNG of the whole page to docs/screenshots/."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        height = self.driver.execute_script(
            "return Math.max(document.body.scrollHeight, 1000)"
        )
        self.driver.set_window_size(1400, min(height + 120, 2600))
        self.driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
        self.driver.set_window_size(1400, 1000)
