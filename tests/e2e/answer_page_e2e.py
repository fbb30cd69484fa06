#!/usr/bin/env python3
"""The one-time answer page end to end, in headless Chromium against a real htmse-server.

A caseworker creates a referral to a recipient outside the directory and an answer link
through the API; the recipient opens the link in the browser, declines with a reason through
the page's form, and the caseworker's events bring "declined" by the author "external" with
that reason. A second visit shows nothing of the case. The browser's console has no errors
(a Content-Security-Policy violation would be one). A second link is answered with JavaScript
switched off. With --screenshots DIR, the page is also saved as answer-page-light.png and
answer-page-dark.png there.

Exit code 77 (a skip for ctest) when Chromium, chromedriver or Selenium is not installed
(scripts/bootstrap installs them).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
import uuid

SKIP = 77
PASSWORD = "a long test password"
CASE_REF = "HT-E2E-0042"
REASON_TEXT = "We are full until January <b>sorry</b>; try Haven House."

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:
    print("SKIP: python3-selenium is not installed (scripts/bootstrap)")
    sys.exit(SKIP)


class Server:
    """htmse-server on a temporary SQLite store and a free loopback port."""

    def __init__(self, exe, data_dir):
        self.exe = exe
        self.store = ["--data-dir", data_dir]
        self.process = None
        self.base = None

    def admin(self, *args, stdin=""):
        done = subprocess.run([self.exe, *args, *self.store], input=stdin.encode(), capture_output=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"htmse-server {args[0]}: {done.stderr.decode()}")

    def start(self):
        self.process = subprocess.Popen([self.exe, "serve", "--listen", "127.0.0.1:0", *self.store],
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for line in self.process.stdout:
            found = re.search(r"listening on (http://\S+)", line)
            if found:
                self.base = found.group(1)
                return
        raise RuntimeError("htmse-server did not start")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def call(self, method, path, token=None, body=None):
        request = urllib.request.Request(self.base + path, method=method,
                                         data=None if body is None else json.dumps(body).encode())
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, json.loads(reply.read() or b"{}")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")


def event(referral, kind, payload=None):
    return {"id": str(uuid.uuid4()), "referral_id": referral, "type": kind, "payload": payload or {},
            "device_id": "e2e", "client_time": "2026-11-30T10:00:00Z"}


def sent_referral(server, token):
    referral = str(uuid.uuid4())
    created = {"case_ref": CASE_REF, "kind": "victim-support", "needs": ["legal.immigration"],
               "languages": ["tir"], "interpreter": True, "urgency": "urgent",
               "location": {"city": "Leeds", "country": "GB"}, "external_recipient": "Haven <i>Shelter</i>",
               "age_band": "16-17", "gender": "female", "note": "PRIVATE NOTE",
               "consent": {"given": True, "scope": "Housing", "date": "2026-11-30", "recorded_by": "cw"}}
    status, answer = server.call("POST", "/api/v1/referral-events", token,
                                 {"events": [event(referral, "created", created), event(referral, "sent")]})
    assert status == 200 and len(answer["accepted"]) == 2, answer
    return referral


def new_link(server, token, referral):
    status, answer = server.call("POST", "/api/v1/answer-links", token, {"referral_id": referral})
    assert status == 201, answer
    return answer["url"]


def events_of(server, token, referral):
    status, page = server.call("GET", "/api/v1/referral-events?limit=1000", token)
    assert status == 200, page
    return [e for e in page["items"] if e["referral_id"] == referral]


def browser(javascript):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=900,1300", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def submit(driver, button_text):
    """Clicks a form's button and returns the text of the page the form leads to."""
    old = driver.find_element(By.TAG_NAME, "body")
    driver.find_element(By.XPATH, f"//button[text()='{button_text}']").click()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(old))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")
    return driver.find_element(By.TAG_NAME, "body").text


def console_errors(driver):
    # The browser asks for /favicon.ico on its own, whenever it gets round to it; the server has
    # none, and that 404 is no fault of the page.
    return [entry for entry in driver.get_log("browser")
            if entry["level"] in ("SEVERE", "ERROR") and "/favicon.ico" not in entry.get("message", "")]


def screenshot(driver, directory, scheme):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 800, "height": height, "deviceScaleFactor": 1, "mobile": False})
    driver.save_screenshot(os.path.join(directory, f"answer-page-{scheme}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def decline_in_browser(server, token, screenshots):
    referral = sent_referral(server, token)
    url = new_link(server, token, referral)
    driver = browser(javascript=True)
    try:
        driver.get(url)
        text = driver.find_element(By.TAG_NAME, "body").text
        assert CASE_REF in text and "Haven <i>Shelter</i>" in text, text
        assert "PRIVATE NOTE" not in text and "16-17" not in text, text
        assert driver.execute_script("return document.scripts.length") == 0
        if screenshots:
            screenshot(driver, screenshots, "light")
            screenshot(driver, screenshots, "dark")
        Select(driver.find_element(By.ID, "reason")).select_by_value("no-capacity")
        driver.find_element(By.ID, "explanation").send_keys(REASON_TEXT)
        text = submit(driver, "Decline the referral")
        assert "You declined the referral." in text, text
        assert CASE_REF not in text, text
        errors = console_errors(driver)
        assert not errors, errors

        declined = events_of(server, token, referral)[-1]
        assert declined["type"] == "declined", declined
        assert declined["author_user"] == "external", declined
        assert declined["payload"] == {"reason": "no-capacity", "note": REASON_TEXT}, declined

        # A second visit: nothing of the case, and no form.
        driver.get(url)
        text = driver.find_element(By.TAG_NAME, "body").text
        assert "This link is no longer valid" in text, text
        for secret in (CASE_REF, "Haven", "Leeds", "Tigrinya"):
            assert secret not in text, secret
        assert not driver.find_elements(By.TAG_NAME, "form")
    finally:
        driver.quit()


def accept_without_javascript(server, token):
    referral = sent_referral(server, token)
    url = new_link(server, token, referral)
    driver = browser(javascript=False)
    try:
        driver.get(url)
        assert CASE_REF in driver.find_element(By.TAG_NAME, "body").text
        text = submit(driver, "Accept the referral")
        assert "You accepted the referral." in text, text
        errors = console_errors(driver)
        assert not errors, errors
    finally:
        driver.quit()
    accepted = events_of(server, token, referral)[-1]
    assert accepted["type"] == "accepted" and accepted["author_user"] == "external", accepted


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=os.environ.get("HTMSE_SERVER"))
    parser.add_argument("--screenshots", help="save the page, light and dark, into this folder")
    args = parser.parse_args()
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        print("SKIP: chromium and chromium-driver are not installed (scripts/bootstrap)")
        return SKIP
    if not args.server:
        print("FAIL: give --server or HTMSE_SERVER")
        return 1
    with tempfile.TemporaryDirectory() as data:
        server = Server(args.server, data)
        server.admin("create-org", "--name", "Org A")
        server.admin("create-user", "--org", "Org A", "--user", "cw", "--role", "caseworker", stdin=PASSWORD + "\n")
        server.start()
        try:
            status, signed_in = server.call("POST", "/api/v1/auth/token", None,
                                            {"grant_type": "password", "username": "cw", "password": PASSWORD})
            assert status == 200, signed_in
            token = signed_in["access_token"]
            decline_in_browser(server, token, args.screenshots)
            accept_without_javascript(server, token)
        finally:
            server.stop()
    print("PASS: the answer page, declined and accepted in headless Chromium")
    return 0


if __name__ == "__main__":
    sys.exit(main())
