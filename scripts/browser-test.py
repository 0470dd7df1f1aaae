#!/usr/bin/env python3
"""Real-browser test of the admin console (console/, served at /admin/), against the real `serve`.

Usage: scripts/browser-test.py path/to/electionbot      (e.g. .build/debug/electionbot)

What it does, in order:
  1. makes a temporary directory, creates an admin with `electionbot admin add lan --db TMP/db.sqlite`
     (stdout is the token), starts `electionbot serve` on a free 127.0.0.1 port and waits for /healthz;
  2. posts two Telegram webhook updates whose texts are hostile HTML the bot cannot answer, so they land
     in the unanswered questions;
  3. checks the console's security headers with urllib (CSP, X-Frame-Options, nosniff, content types);
  4. drives headless Chromium over the DevTools protocol (--remote-debugging-pipe: JSON messages ended by
     a NUL byte, commands on fd 3, answers on fd 4) through every page: login (wrong token, then the right
     one), try, timeline, unanswered, stats, broadcasts, knowledge, subscribers, audit, logout; asserts
     what each page shows against the API's own answers, and that citizens' text is rendered inertly;
  5. saves a PNG of every page to .build/artifacts/console/ and prints the paths.

Python 3 standard library only, so CI needs nothing but Debian's `chromium` package. Exits non-zero with
a message on the first failed assertion; serve and Chromium are always stopped.
"""
import base64
import fcntl
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
ARTIFACTS = os.path.join(ROOT, ".build", "artifacts", "console")
CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]

# The policy docs/admin-api.md promises for /admin/; compared directive by directive, so order and spacing
# of the real header do not matter.
EXPECTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
TELEGRAM_SECRET = "s3cret"
# Out-of-scope questions (gold prices) wrapped in markup: if the console ever used innerHTML, the <img>
# would fire onerror and the <script> text would become an element.
HOSTILE_IMG = '<img src=x onerror="window.__pwned=1">giá vàng hôm nay'
HOSTILE_SCRIPT = "<script>window.__pwned=2</script>giá vàng hôm nay"

DESKTOP = (1280, 900)
PHONE = (390, 844)


class TestFailure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise TestFailure(message)


def log(message):
    print("browser-test: " + message, flush=True)


# ------------------------------------------------------------------ the bot


def free_port():
    # Bind to port 0 and let the kernel choose; the tiny race with another process is acceptable in a test.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, headers=None, timeout=10):
    """One request with urllib; returns (status, headers, body bytes) for any status, errors included."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in req.headers:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


class Bot:
    """The electionbot under test: an admin account in a fresh database, and `serve` on a free port."""

    def __init__(self, binary, tmp):
        self.binary = binary
        self.tmp = tmp
        self.db = os.path.join(tmp, "db.sqlite")
        # A copy of the knowledge files, so the test can break one to see a refused reload.
        self.intents = os.path.join(tmp, "intents")
        shutil.copytree(os.path.join(ROOT, "intents"), self.intents)
        # serve runs in the temporary directory, so the file names it reports read "intents/…" as they
        # would in production; the console directory (default ./console) is this checkout's, by symlink.
        os.symlink(os.path.join(ROOT, "console"), os.path.join(tmp, "console"))
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_path = os.path.join(tmp, "serve.log")

    def add_admin(self, name):
        res = subprocess.run([self.binary, "admin", "add", name, "--db", self.db], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        check(res.returncode == 0, f"`admin add {name}` failed ({res.returncode}): {res.stderr.strip()}")
        # The contract: stdout is exactly the token and a newline (explanations go to stderr).
        lines = res.stdout.splitlines()
        check(len(lines) == 1 and lines[0].strip() and res.stdout.endswith("\n"),
              f"`admin add` should print only the token on stdout, printed {res.stdout!r}")
        return lines[0].strip()

    def add_subscriber(self, user, role):
        # Officials subscribed directly with the CLI, so the broadcast form has recipients to count.
        res = subprocess.run([self.binary, "subscribers", "add", "--db", self.db, "--intents", self.intents,
                              "--platform", "telegram", "--user", user, "--role", role], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        check(res.returncode == 0, f"`subscribers add {user}` failed ({res.returncode}): {res.stderr.strip()}")

    def remove_admin(self, name):
        res = subprocess.run([self.binary, "admin", "remove", name, "--db", self.db], cwd=ROOT,
                             capture_output=True, text=True, timeout=60)
        check(res.returncode == 0, f"`admin remove {name}` failed ({res.returncode}): {res.stderr.strip()}")

    def start(self):
        env = dict(os.environ)
        env.update({
            "TELEGRAM_BOT_TOKEN": "123:test",
            "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
            # Nothing listens on port 9: replies fail and are retried, which this test does not look at.
            "TELEGRAM_API_BASE": "http://127.0.0.1:9",
        })
        # Other channels' settings from the caller's environment would only add noise.
        for key in list(env):
            if key.startswith(("MESSENGER_", "ZALO_")):
                del env[key]
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--port", str(self.port), "--host", "127.0.0.1", "--db", self.db,
             "--intents", "intents", "--env-file", os.path.join(self.tmp, "none.env")],
            cwd=self.tmp, env=env, stdout=self.logf, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise TestFailure(f"serve exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                status, _, _ = http("GET", self.base + "/healthz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise TestFailure("serve did not answer GET /healthz within 60 s:\n" + self.log_tail())

    def log_tail(self, n=30):
        try:
            with open(self.log_path, "rb") as f:
                return "\n".join(f.read().decode("utf-8", "replace").splitlines()[-n:])
        except OSError:
            return "(no serve log)"

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if getattr(self, "logf", None):
            self.logf.close()

    def telegram_update(self, update_id, text):
        body = {
            "update_id": update_id,
            "message": {
                "message_id": update_id, "date": 1617235200,
                "chat": {"id": 42, "type": "private"},
                "from": {"id": 42, "is_bot": False, "first_name": "A"},
                "text": text,
            },
        }
        status, _, answer = http("POST", self.base + "/webhook/telegram", body,
                                 {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
        check(200 <= status < 300, f"webhook update {update_id} answered {status}: {answer[:200]!r}")

    def api(self, token, path, method="GET", body=None):
        status, _, data = http(method, self.base + "/admin/api/" + path, body,
                               {"Authorization": "Bearer " + token})
        check(status == 200, f"{method} /admin/api/{path} answered {status}: {data[:300]!r}")
        return json.loads(data)


# ------------------------------------------------------------------ Chromium over the DevTools pipe


class Browser:
    """Headless Chromium driven through --remote-debugging-pipe, one page target, flat sessions."""

    def __init__(self, chromium, tmp):
        self.next_id = 0
        self.buffer = b""
        self.events = []  # events not consumed yet (console messages, exceptions, dialogs...)
        self.problems = []  # CSP violations, uncaught exceptions: checked at the end
        # Chromium reads commands from fd 3 and writes answers to fd 4 (its own numbering).
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def child_fds():
            # Runs in the child between fork and exec. Move both ends out of the way first (so neither can
            # be clobbered by the other dup2), then place them at exactly 3 and 4; dup2 clears CLOEXEC.
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + os.path.join(tmp, "chromium-profile"), "--no-first-run",
             "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
             "--disable-dev-shm-usage", "--hide-scrollbars", "--lang=vi-VN", "about:blank"],
            # pass_fds would close fds 3 and 4 again after preexec_fn; every other descriptor of this
            # process is already non-inheritable (PEP 446), so close_fds=False leaks nothing.
            close_fds=False, preexec_fn=child_fds,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=open(os.path.join(tmp, "chromium.log"), "wb"))
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.session = None

    # --- protocol

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline, method)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise TestFailure(f"DevTools {method} failed: {reply['error']}")
                return reply.get("result", {})
            self._event(reply)

    def _read(self, deadline, what):
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TestFailure(f"Chromium did not answer {what} in time")
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if ready:
                chunk = os.read(self.from_chrome, 1 << 20)
                if not chunk:
                    raise TestFailure(f"Chromium closed the DevTools pipe (exit {self.proc.poll()})")
                self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def _event(self, msg):
        method = msg.get("method")
        params = msg.get("params", {})
        if method == "Page.javascriptDialogOpening":
            # confirm() before sending a broadcast: the test says yes. Answering here, while the command
            # that clicked the button is still waiting, is what unblocks that command.
            self.events.append(msg)
            self.next_id += 1
            os.write(self.to_chrome, json.dumps({
                "id": self.next_id, "method": "Page.handleJavaScriptDialog", "sessionId": self.session,
                "params": {"accept": True}}).encode() + b"\0")  # its answer is dropped as an unmatched id
        elif method == "Runtime.exceptionThrown":
            d = params.get("exceptionDetails", {})
            self.problems.append("uncaught exception: " + json.dumps(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Log.entryAdded":
            e = params.get("entry", {})
            text = e.get("text", "")
            if "Content Security Policy" in text or e.get("source") == "security":
                self.problems.append("CSP violation: " + text)
            # Network entries are HTTP statuses (the wrong-token 401 is one on purpose); the test checks
            # those itself, so only script-side errors count here.
            elif e.get("level") == "error" and e.get("source") != "network":
                self.problems.append(f"console error: {text} {e.get('url', '')}")
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "error":
            self.problems.append("console.error: " + json.dumps([a.get("value") for a in params.get("args", [])]))

    def open_page(self):
        target = self.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                 session=False)["sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.send(domain)
        self.viewport(*DESKTOP)

    def viewport(self, width, height, mobile=False):
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})

    def navigate(self, url):
        res = self.send("Page.navigate", {"url": url})
        check(not res.get("errorText"), f"navigation to {url} failed: {res.get('errorText')}")
        self.wait("document.readyState === 'complete' && location.href === " + json.dumps(url),
                  f"page {url} to load")

    def js(self, expression):
        """Evaluates in the page (promises awaited) and returns the value as JSON."""
        res = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                             "returnByValue": True, "userGesture": True})
        if "exceptionDetails" in res:
            d = res["exceptionDetails"]
            raise TestFailure(f"script failed: {expression[:120]}: "
                              f"{d.get('exception', {}).get('description') or d.get('text')}")
        return res.get("result", {}).get("value")

    def wait(self, expression, what, timeout=15):
        """Polls until the expression is truthy; the DOM is the oracle, never a fixed sleep."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise TestFailure(f"timed out after {timeout} s waiting for {what} ({expression})")
            time.sleep(0.1)

    def screenshot(self, name, width, height=900, mobile=False, max_height=6000):
        """A full-page PNG (up to max_height): the viewport is grown to the document's height for the capture."""
        self.viewport(width, height, mobile)
        full = self.js("Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        self.viewport(width, max(height, min(int(full), max_height)), mobile)
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        os.makedirs(ARTIFACTS, exist_ok=True)
        path = os.path.join(ARTIFACTS, name + ".png")
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        self.viewport(*DESKTOP)
        print("  screenshot: " + os.path.relpath(path, ROOT), flush=True)
        return path

    def close(self):
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", session=False, timeout=5)
                except (TestFailure, OSError):
                    pass
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        finally:
            for fd in (self.to_chrome, self.from_chrome):
                try:
                    os.close(fd)
                except OSError:
                    pass


# ------------------------------------------------------------------ the test


def q(selector):
    """JavaScript for document.querySelector(selector)."""
    return "document.querySelector(" + json.dumps(selector) + ")"


def text_of(selector):
    return f"(({q(selector)} || {{}}).textContent || '')"


def assert_inert(b, where):
    """Nothing the citizens wrote became markup: no <img src=x>, no extra <script>, no __pwned."""
    state = b.js("""({
        img: document.querySelector('img[src=x]') !== null,
        imgs: document.images.length,
        scripts: Array.from(document.scripts).map(s => s.src || s.textContent.slice(0, 80)),
        pwned: typeof window.__pwned
    })""")
    check(not state["img"] and state["imgs"] == 0, f"{where}: an <img> was injected into the page: {state}")
    check(len(state["scripts"]) == 1 and state["scripts"][0].endswith("/admin/app.js"),
          f"{where}: unexpected <script> elements: {state['scripts']}")
    check(state["pwned"] == "undefined", f"{where}: hostile text ran (window.__pwned is {state['pwned']})")


def goto(b, page):
    """Follows a navigation link (hash routing) and waits until the page's loader has finished."""
    b.js(f"{q('#nav a[data-page=' + page + ']')}.click()")
    state = b.wait(f"(s => s && !s.hidden && s.dataset.state !== 'loading' && s.dataset.state)({q('#page-' + page)})",
                   f"page #{page} to load")
    check(state == "ready", f"page #{page} ended in state {state}: {b.js(text_of('#global-message'))}")


def check_headers(bot):
    status, headers, body = http("GET", bot.base + "/admin/")
    check(status == 200, f"GET /admin/ answered {status}")
    check(b'src="app.js"' in body, "GET /admin/ is not console/index.html")

    def directives(policy):
        return {d.strip().split()[0]: sorted(d.strip().split()[1:]) for d in policy.split(";") if d.strip()}

    csp = headers.get("Content-Security-Policy") or ""
    check(directives(csp) == directives(EXPECTED_CSP), f"CSP of /admin/ is {csp!r}, expected {EXPECTED_CSP!r}")
    check((headers.get("X-Frame-Options") or "").upper() == "DENY", f"X-Frame-Options is {headers.get('X-Frame-Options')!r}")
    check((headers.get("X-Content-Type-Options") or "").lower() == "nosniff",
          f"X-Content-Type-Options is {headers.get('X-Content-Type-Options')!r}")
    check((headers.get("Content-Type") or "").startswith("text/html"), f"/admin/ Content-Type {headers.get('Content-Type')!r}")
    # With nosniff a wrong Content-Type makes the browser refuse the file, so check each asset's.
    for path, kind in (("app.js", "javascript"), ("style.css", "text/css")):
        status, h, _ = http("GET", bot.base + "/admin/" + path)
        check(status == 200 and kind in (h.get("Content-Type") or ""),
              f"/admin/{path} answered {status} with Content-Type {h.get('Content-Type')!r}")
    status, _, _ = http("GET", bot.base + "/admin/api/whoami")
    check(status == 401, f"/admin/api/whoami without a token answered {status}, expected 401")
    log("headers: CSP, X-Frame-Options DENY, nosniff, asset types, 401 without token: ok")


def expected_reply(binary):
    # The reply format belongs to the knowledge files, so ask the CLI for today's wording instead of guessing.
    res = subprocess.run([binary, "ask", "--today", "2021-04-01", "bao giờ bầu cử"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    check(res.returncode == 0 and "23/05/2021" in res.stdout,
          f"`electionbot ask` should mention 23/05/2021: {res.stdout!r} {res.stderr!r}")
    return res.stdout


def run(binary, chromium, tmp):
    shots = []
    bot = Bot(binary, tmp)
    browser = None
    try:
        token = bot.add_admin("lan")
        bot.add_subscriber("1001", "ubnd-tinh")
        bot.add_subscriber("1002", "ubnd-xa")
        bot.start()
        log(f"serve is up at {bot.base}")
        cli_reply = expected_reply(binary)

        # Two questions the bot cannot answer, wrapped in markup, become unanswered groups.
        bot.telegram_update(1, HOSTILE_IMG)
        bot.telegram_update(2, HOSTILE_SCRIPT)
        # And a few it can answer, so the statistics have answered questions and top intents too.
        for n, text in enumerate(["bao giờ bầu cử", "mấy giờ bắt đầu bỏ phiếu", "đi bầu cần mang gì"], start=3):
            bot.telegram_update(n, text)
        deadline = time.monotonic() + 20
        while True:
            groups = bot.api(token, "unanswered?days=30")["groups"]
            examples = [e for g in groups for e in g.get("examples", [])]
            asked = bot.api(token, "stats?days=30")["totals"]["questions"]
            if HOSTILE_IMG in examples and HOSTILE_SCRIPT in examples and asked == 5:
                break
            check(time.monotonic() < deadline, f"the hostile updates did not reach /admin/api/unanswered: {groups}")
            time.sleep(0.2)
        log(f"webhook: {len(groups)} unanswered group(s) recorded")

        check_headers(bot)

        browser = Browser(chromium, tmp)
        b = browser
        b.open_page()
        b.navigate(bot.base + "/admin/")

        # --- login: a wrong token first
        b.wait(f"!{q('#login')}.hidden", "the login form")
        b.js(f"{q('#token')}.value = 'not-a-token'; {q('#login-btn')}.click()")
        err = b.wait(text_of("#login-error"), "the login error")
        check(b.js(f"{q('#app')}.hidden") and not b.js("sessionStorage.length"),
              "a wrong token must leave the console locked and store nothing")
        log(f"wrong token: login error shown ({err!r})")
        shots.append(b.screenshot("01-login-error", DESKTOP[0]))

        # --- login with the real token
        b.js(f"{q('#token')}.value = {json.dumps(token)}; {q('#login-btn')}.click()")
        name = b.wait(f"!{q('#app')}.hidden && {text_of('#admin-name')}", "the admin name after login")
        check(name == "lan", f"admin name shown is {name!r}, expected 'lan'")
        storage = b.js("({s: sessionStorage.length, l: localStorage.length, c: document.cookie})")
        check(storage == {"s": 1, "l": 0, "c": ""}, f"the token must be in sessionStorage only: {storage}")
        log("login: admin name 'lan' shown; token in sessionStorage only")

        # --- try the bot
        goto(b, "try")
        b.js(f"{q('#try-today')}.value = '2021-04-01'; {q('#try-text')}.value = 'bao giờ bầu cử';"
             f"{q('#try-send')}.click()")
        b.wait("document.querySelectorAll('[data-test=try-reply]').length === 1", "the bot's reply")
        reply = b.js(text_of("[data-test=try-reply]"))
        check("23/05/2021" in reply, f"reply does not mention 23/05/2021: {reply!r}")
        # The CLI prints the reply text and then its suggestions ("→ Xem thêm"), which the console shows as
        # buttons; the text itself must be the same.
        cli_text = cli_reply.split("\n→ Xem thêm:")[0].strip()
        check(reply.strip() == cli_text, f"reply differs from `electionbot ask`:\n{reply!r}\n{cli_text!r}")
        explain = b.js("""({
            outcome: document.querySelector('#try-outcome').textContent,
            intent: document.querySelector('#try-intent').textContent,
            rows: document.querySelectorAll('#try-ranking tbody tr').length,
            explanation: document.querySelector('#try-explanation').textContent
        })""")
        check(explain["outcome"] == "Trả lời" and explain["rows"] >= 1 and explain["intent"] not in ("", "—"),
              f"match explanation incomplete: {explain}")
        log(f"try: reply mentions 23/05/2021, intent {explain['intent']}, {explain['rows']} ranking row(s)")
        # The hostile text through the try box: shown as typed, answered as a fallback, nothing runs.
        b.js(f"{q('#try-today')}.value = ''; {q('#try-text')}.value = {json.dumps(HOSTILE_IMG)}; {q('#try-send')}.click()")
        b.wait("document.querySelectorAll('[data-test=try-reply]').length === 2", "the reply to the hostile text")
        asked = b.js("Array.from(document.querySelectorAll('[data-test=try-question]')).map(n => n.textContent)")
        check(asked[-1] == HOSTILE_IMG, f"hostile question not shown literally: {asked[-1]!r}")
        check(b.js(text_of("#try-outcome")) == "Không trả lời được", "the hostile text should be a fallback")
        assert_inert(b, "try")
        shots.append(b.screenshot("02-try-phone", PHONE[0], PHONE[1], mobile=True))
        shots.append(b.screenshot("02-try", DESKTOP[0]))

        # --- timeline
        timeline = bot.api(token, "timeline")
        goto(b, "timeline")
        count = b.js("document.querySelectorAll('#timeline-svg g[data-milestone-id]').length")
        check(count == len(timeline["milestones"]) and count > 30,
              f"timeline draws {count} milestones, the API has {len(timeline['milestones'])} (and > 30 expected)")
        ids = b.js("Array.from(document.querySelectorAll('#timeline-svg g[data-milestone-id]')).map(g => g.dataset.milestoneId)")
        check(sorted(ids) == sorted(m["id"] for m in timeline["milestones"]), "timeline milestone ids differ from the API's")
        today = b.js(f"({q('#timeline-svg [data-test=today-marker]')} || {{dataset: {{}}}}).dataset.day")
        check(today == timeline["today"], f"today marker is {today!r}, the API's today is {timeline['today']!r}")
        check(b.js(f"({q('#timeline-svg [data-test=election-marker]')} || {{dataset: {{}}}}).dataset.day") == timeline["election_date"],
              "election day marker missing or on the wrong day")
        # Every role name of every milestone is listed under the chart.
        listed = b.js("Array.from(document.querySelectorAll('#timeline-list .roles li')).map(li => li.textContent)")
        wanted = [r["name"] for m in timeline["milestones"] for r in m["roles"]]
        check(sorted(listed) == sorted(wanted), f"listed roles differ: {len(listed)} shown, {len(wanted)} in the API")
        check(b.js("document.querySelectorAll('#timeline-legend li').length") >= 4, "timeline legend missing")
        log(f"timeline: {count} milestones, today marker {today}, {len(listed)} role names listed")
        # The chart and the start of the list; the whole list is some 5000 px tall.
        shots.append(b.screenshot("03-timeline", DESKTOP[0], max_height=1700))

        # --- unanswered: the hostile texts appear as text and nothing else
        goto(b, "unanswered")
        rows = b.js("document.querySelectorAll('[data-test=unanswered-row]').length")
        check(rows == len(groups), f"unanswered table has {rows} rows, the API {len(groups)} groups")
        table = b.js(text_of("#unanswered-table"))
        check('<img src=x onerror=' in table, "the <img …> text is not shown literally in the unanswered table")
        check("<script>window.__pwned=2</script>" in table, "the <script> text is not shown literally")
        assert_inert(b, "unanswered")
        b.js(f"{q('[data-test=snippet-toggle]')}.click()")
        snippet = b.wait(f"(p => p && p.offsetParent !== null && p.textContent)({q('[data-test=snippet]')})", "a snippet")
        check(snippet == groups[0]["snippet"], "the snippet shown differs from the API's")
        check(b.js("Array.from(document.querySelectorAll('.snippet-box button')).some(x => x.textContent === 'Sao chép')"),
              "no 'Sao chép' button next to the snippet")
        # The CSV button fetches with the Authorization header and hands the browser a Blob URL; let
        # Chromium save it and read what it saved.
        downloads = os.path.join(tmp, "downloads")
        os.makedirs(downloads)
        b.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads}, session=False)
        b.js(f"{q('#unanswered-csv')}.click()")
        deadline = time.monotonic() + 15
        while not [f for f in os.listdir(downloads) if f.endswith(".csv")]:
            check(time.monotonic() < deadline, f"the CSV download did not arrive: {os.listdir(downloads)}")
            time.sleep(0.1)
        name = [f for f in os.listdir(downloads) if f.endswith(".csv")][0]
        with open(os.path.join(downloads, name), encoding="utf-8-sig") as f:
            csv_text = f.read()
        check(csv_text.startswith("folded,count,first_seen,last_seen,nearest_intent,example"),
              f"CSV header wrong: {csv_text[:120]!r}")
        check("giá vàng hôm nay" in csv_text, "the CSV lacks the unanswered questions")
        log(f"unanswered: {rows} group(s), hostile text literal and inert, snippet shown, CSV {name} downloaded")
        shots.append(b.screenshot("04-unanswered", DESKTOP[0]))

        # --- statistics
        stats = bot.api(token, "stats?days=30")
        goto(b, "stats")
        # The API lists the days that had questions; the chart shows every day of the 30, quiet ones as 0.
        bars = b.js("Object.fromEntries(Array.from(document.querySelectorAll('#stats-svg rect[data-test=bar]'))"
                    ".map(r => [r.dataset.day, Number(r.dataset.questions)]))")
        check(len(bars) >= 30, f"stats chart has {len(bars)} day bars, 30 expected")
        for d in stats["days"]:
            check(bars.get(d["day"]) == d["questions"], f"bar of {d['day']} shows {bars.get(d['day'])}, the API {d['questions']}")
        check(sum(bars.values()) == stats["totals"]["questions"], f"bars add up to {sum(bars.values())}, not {stats['totals']}")
        top = b.js("document.querySelectorAll('#stats-top-intents tbody tr').length")
        check(stats["top_intents"] and top == len(stats["top_intents"]), f"top intents: {top} rows for {stats['top_intents']}")
        check(b.js("document.querySelectorAll('#stats-totals .tile').length") >= 5, "stats totals missing")
        shown_q = b.js(text_of("[data-test=total-questions] dd")).replace(".", "").replace(",", "").strip()
        check(shown_q == str(stats["totals"]["questions"]), f"total questions shown {shown_q!r}, API {stats['totals']}")
        check(b.js(text_of("[data-test=answer-p99] dd")).endswith("µs"), "answer time p99 missing")
        log(f"stats: {len(bars)} day bars ({len(stats['days'])} with questions), totals {stats['totals']}")
        shots.append(b.screenshot("05-stats", DESKTOP[0]))

        # --- knowledge, then a reload through the API
        knowledge = bot.api(token, "knowledge")
        goto(b, "knowledge")
        check(b.js(text_of("#kn-hash")) == knowledge["version"]["hash"], "knowledge hash differs from the API's")
        check(b.js(text_of("#kn-intents")) == str(knowledge["version"]["intents"]), "intent count differs")
        check(b.js("document.querySelectorAll('#kn-files tbody tr').length") == len(knowledge["files"]),
              "files table differs from the API's list")
        b.js(f"{q('#kn-reload-btn')}.click()")
        result = b.wait(f"!{q('#kn-reload-btn')}.disabled && {text_of('#kn-reload-result')}", "the reload result")
        check(knowledge["version"]["hash"] in result and result.startswith(("Đã nạp", "Các tệp không thay đổi")),
              f"reload of unchanged files should report the same version: {result!r}")
        # The page is refreshed after a reload: the last reload is now lan's, through the console.
        b.wait(f"{text_of('#kn-last-reload')}.includes('quản trị viên lan')", "the last reload to be lan's")
        log(f"knowledge: version {knowledge['version']['hash']}, {len(knowledge['files'])} files; reload ok")
        # A broken file (an unknown key that is itself markup): the reload is refused with 422, the errors
        # are listed as text lines, and the version in use stays.
        broken = os.path.join(bot.intents, "chung-tro-chuyen.yml")
        with open(broken, encoding="utf-8") as f:
            original = f.read()
        with open(broken, "w", encoding="utf-8") as f:
            f.write(original.replace("\n  - id: ", '\n  - "<img src=x onerror=window.__pwned=3>": 1\n    id: ', 1))
        b.js(f"{q('#kn-reload-btn')}.click()")
        result = b.wait(f"!{q('#kn-reload-btn')}.disabled && (t => t.startsWith('Không nạp được') && t)({text_of('#kn-reload-result')})",
                        "the refused reload")
        errors = b.js("Array.from(document.querySelectorAll('#kn-reload-result li')).map(li => li.textContent)")
        check(any("chung-tro-chuyen.yml:" in e and "unknown key '<img src=x onerror=window.__pwned=3>'" in e for e in errors),
              f"the refused reload's errors are not listed literally: {errors}")
        check(knowledge["version"]["hash"] in result, f"a refused reload should name the version still serving: {result!r}")
        # The page is refreshed after the refusal too: the last reload is this one, with the same errors.
        b.wait("document.querySelectorAll('#kn-errors li').length > 0", "the last reload's errors")
        check(b.js("Array.from(document.querySelectorAll('#kn-errors li')).map(li => li.textContent)") == errors,
              "the last reload's errors differ from the refused reload's")
        assert_inert(b, "knowledge")
        log(f"knowledge: broken file refused (422), {len(errors)} error line(s) shown: {errors[0]!r}")
        shots.append(b.screenshot("06-knowledge", DESKTOP[0]))
        with open(broken, "w", encoding="utf-8") as f:
            f.write(original)
        bot.api(token, "reload", "POST")  # 200 again, or the check fails

        # --- broadcasts: a dry run counts the recipients, then a real send (confirm() is accepted). Its text
        # is hostile too: the list must show it literally. Delivery fails (no Telegram here); only the
        # broadcast's record and progress bar matter.
        before = len(bot.api(token, "broadcasts")["broadcasts"])
        expected = bot.api(token, "broadcasts", "POST", {"text": HOSTILE_SCRIPT, "level": "tinh", "dry_run": True})
        goto(b, "broadcasts")
        b.js(f"{q('#bc-text')}.value = {json.dumps(HOSTILE_SCRIPT)}; {q('#bc-level')}.value = 'tinh'; {q('#bc-dry')}.click()")
        dry = b.wait(f"(t => t.includes('người nhận') && !t.endsWith('…') && t)({text_of('#bc-result')})", "the dry run's recipient count")
        check(f"tới {expected['recipients']} người nhận" in dry and expected["recipients"] == 1,
              f"dry run shows {dry!r}; the API counts {expected['recipients']} (1 expected: one official at level tinh)")
        b.js(f"{q('#bc-send')}.click()")
        check(any(e.get("method") == "Page.javascriptDialogOpening" for e in b.events), "sending did not ask confirm() first")
        b.wait(f"document.querySelectorAll('[data-test=broadcast]').length === {before + 1}", "the new broadcast in the list")
        card = b.js("""(c => ({text: c.querySelector('.prewrap').textContent, rects: c.querySelectorAll('svg.progress rect').length,
                                 id: c.dataset.id}))(document.querySelector('[data-test=broadcast]'))""")
        check(card["text"] == HOSTILE_SCRIPT and card["rects"] == 3, f"broadcast card wrong: {card}")
        assert_inert(b, "broadcasts")
        log(f"broadcasts: dry run {dry!r}; broadcast #{card['id']} sent and listed literally with its progress bar")
        shots.append(b.screenshot("07-broadcasts", DESKTOP[0]))

        # --- subscribers and audit (the reload and the broadcast above are in the audit log, by lan)
        subscribers = bot.api(token, "subscribers")["subscribers"]
        goto(b, "subscribers")
        rows = b.js("document.querySelectorAll('#subscribers-table tbody tr').length")
        check(rows == len(subscribers) == 2, f"subscribers table has {rows} rows, the API {len(subscribers)} (2 added)")
        # An invitation code for a district official, shown once.
        b.js(f"{q('#invite-role')}.value = 'ubnd-huyen'; {q('#invite-btn')}.click()")
        code = b.wait(text_of("[data-test=invite-code]"), "the invitation code")
        check(code.startswith("/dangky ") and len(code) > len("/dangky "), f"invitation shown as {code!r}")
        shots.append(b.screenshot("08-subscribers", DESKTOP[0]))
        # Removing the second official (after confirm()) leaves one, in the table and in the API.
        b.js("document.querySelectorAll('[data-test=unsubscribe]')[1].click()")
        b.wait("document.querySelectorAll('[data-test=unsubscribe]').length === 1", "the official to be removed")
        left = bot.api(token, "subscribers")["subscribers"]
        check(len(left) == 1, f"the API still lists {len(left)} subscribers after the removal")
        entries = bot.api(token, "audit")["entries"]
        goto(b, "audit")
        rows = b.js("document.querySelectorAll('#audit-table tbody tr').length")
        audit = b.js(text_of("#audit-table tbody"))
        check(rows == len(entries) >= 2 and "lan" in audit, f"audit log shows {rows} rows for {len(entries)} entries: {audit[:300]!r}")
        actions = {e["action"] for e in entries}
        check({"reload", "broadcast"} <= actions, f"reload and broadcast missing from the audit log: {sorted(actions)}")
        log(f"subscribers: {len(subscribers)} rows, invite {code.split()[0]} …, one removed; "
            f"audit: {len(entries)} entries by lan ({', '.join(sorted(actions))})")
        shots.append(b.screenshot("09-audit", DESKTOP[0]))

        # Every page has been rendered into this one document by now: check it once more as a whole.
        assert_inert(b, "all pages")

        # --- logout clears the session
        b.js(f"{q('#logout')}.click()")
        b.wait(f"!{q('#login')}.hidden && sessionStorage.length === 0", "logout to clear the session")
        log("logout: back at the login form, sessionStorage empty")

        # --- a token removed on the server while the console is open: the next request is a 401 and the
        # console returns to the login form with a message. (A second admin keeps the API switched on.)
        token2 = bot.add_admin("minh")
        b.js(f"{q('#token')}.value = {json.dumps(token)}; {q('#login-btn')}.click()")
        b.wait(f"!{q('#app')}.hidden && {text_of('#admin-name')} === 'lan'", "lan to be logged in again")
        bot.remove_admin("lan")
        b.js(f"{q('#nav a[data-page=stats]')}.click()")
        msg = b.wait(f"!{q('#login')}.hidden && {text_of('#login-error')}", "the login form after a 401")
        check(not b.js("sessionStorage.length"), "the removed token must be forgotten")
        log(f"removed token: back at the login form ({msg!r})")

        # --- too many failed attempts from this address: 429, and the console says when to try again.
        for _ in range(10):
            http("GET", bot.base + "/admin/api/whoami", headers={"Authorization": "Bearer wrong"})
        b.js(f"{q('#token')}.value = {json.dumps(token2)}; {q('#login-btn')}.click()")
        msg = b.wait(f"(t => t.includes('thử lại sau') && t)({text_of('#login-error')})", "the retry-after message")
        check(any(ch.isdigit() for ch in msg), f"the 429 message has no number of seconds: {msg!r}")
        log(f"rate limit: {msg!r}")
        shots.append(b.screenshot("10-login-rate-limited", PHONE[0], PHONE[1], mobile=True))

        check(not b.problems, "the page reported problems:\n  " + "\n  ".join(b.problems))
        log("no CSP violations, no uncaught exceptions, no console errors")
        return shots
    except TestFailure:
        # A picture of the moment of failure helps more than the message alone.
        if browser:
            try:
                browser.screenshot("failure", DESKTOP[0])
            except Exception:
                pass
            if browser.problems:
                print("page problems:\n  " + "\n  ".join(browser.problems), file=sys.stderr)
        print("serve log tail:\n" + bot.log_tail(), file=sys.stderr)
        raise
    finally:
        if browser:
            browser.close()
        bot.stop()


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    if not os.access(binary, os.X_OK):
        print(f"browser-test: {binary} is not an executable (build first: swift build)", file=sys.stderr)
        return 2
    chromium = os.environ.get("CHROMIUM") or next((c for c in CHROMIUM_CANDIDATES if os.access(c, os.X_OK)), None)
    if not chromium:
        print("browser-test: chromium not found (apt-get install chromium, or set CHROMIUM)", file=sys.stderr)
        return 2
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    tmp = tempfile.mkdtemp(prefix="electionbot-browser-")
    try:
        shots = run(binary, chromium, tmp)
    except TestFailure as e:
        print(f"browser-test: FAILED: {e}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"passed; {len(shots)} screenshots in {os.path.relpath(ARTIFACTS, ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
