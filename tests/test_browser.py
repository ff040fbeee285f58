"""The HTML report and ``doclint web`` in a real headless Chromium (Debian's chromium and
chromium-driver, driven by selenium; nothing downloads a browser).  One browser for the module.

Without the browser the tests are skipped, except under CI=true, where a missing tool fails.
Screenshots are kept in benchmarks/out/browser/ (ignored by git) as artifacts.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path

import docx
import pytest

from doclint.cli import main
from helpers import ROOT, seed, write_docx

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
ARTIFACTS = ROOT / "benchmarks" / "out" / "browser"


def _missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if CHROMIUM is None or DRIVER is None:
        return "chromium and chromium-driver are not installed (apt-get install -y chromium chromium-driver)"
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def _check_highlights(driver) -> int:
    """Every finding the page highlights: the mark's text is the finding's, and it is visible."""
    from selenium.webdriver.common.by import By

    data = json.loads(driver.find_element(By.ID, "findings").get_attribute("textContent"))
    marks = driver.find_elements(By.CSS_SELECTOR, "mark.hl")
    assert marks
    for mark in marks:
        finding = data[int(mark.get_attribute("data-finding"))]
        assert mark.get_attribute("textContent") == finding["text"]
        assert mark.get_attribute("data-rule") == finding["rule"]
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
        assert mark.is_displayed()
        width, height = driver.execute_script("var r = arguments[0].getBoundingClientRect(); return [r.width, r.height]", mark)
        assert width > 0 and height > 0
    return len(marks)


def test_html_report_highlights_are_the_findings_text(browser, tmp_path, capsys):
    from selenium.webdriver.common.by import By

    draft = write_docx(tmp_path / "bao-cao.docx", seed("003").read_text(encoding="utf-8"))
    report = tmp_path / "report.html"
    main(["check", "--format", "html", "-o", str(report), str(draft), str(seed("001"))])
    capsys.readouterr()
    browser.get(report.as_uri())
    count = _check_highlights(browser)
    assert count >= 10
    # the side list links to its highlight, the chart is drawn
    first = browser.find_element(By.CSS_SELECTOR, "li.item a")
    assert browser.find_element(By.ID, first.get_attribute("href").split("#")[1])
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect")
    browser.save_screenshot(str(ARTIFACTS / "html-report.png"))
    assert (ARTIFACTS / "html-report.png").stat().st_size > 10_000


@pytest.fixture(scope="module")
def web():
    from doclint.web import make_server

    server = make_server("127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_web_upload_report_and_annotated_download(browser, web, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    draft = write_docx(tmp_path / "du-thao.docx", seed("003").read_text(encoding="utf-8"))
    browser.get(web)
    browser.find_element(By.ID, "file").send_keys(str(draft))
    browser.find_element(By.ID, "submit").click()
    WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.ID, "download")))
    assert "confusable" in browser.page_source
    _check_highlights(browser)
    browser.save_screenshot(str(ARTIFACTS / "web-report.png"))
    browser.find_element(By.ID, "download").click()
    target = browser.downloads / "du-thao.doclint.docx"
    deadline = time.monotonic() + 30
    while not target.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert target.exists(), list(browser.downloads.iterdir())
    comments = list(docx.Document(str(target)).comments)
    assert comments and {c.author for c in comments} == {"doclint"}
    assert any("buộn" in c.text or "buộn" in c.text for c in comments)
