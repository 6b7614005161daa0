"""The deploy/ stack, brought up on this machine on loopback ports: the ledger database made by
deploy/postgres/setup.sql in the test PostgreSQL server (--postgres URL), two app instances as the systemd units
run them, and nginx with deploy/nginx/carbon-peak.conf (the file an admin installs, with the test's ports put
in). Then, in a real browser: a user saves through the proxy, a colleague pinned to the other instance opens the
share link, and the user's instance is killed while the page is open. On the same proxy and instances with an
SQLite ledger: nginx answers 404 for Streamlit's endpoints that no browser needs (/_stcore/metrics above all),
and the page, loading, uploading and saving through it, uses none of them.

Run with --browser --postgres URL (test.sh does; without --postgres the SQLite one runs alone); needs
/usr/sbin/nginx (test.sh installs it).
"""
from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, make_url, text

from tests.browser_flows import save_transport_sheet, settled
from tests.servers import free_port

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = "/usr/sbin/nginx"
ROUTE_COOKIE = "carbon_peak_route"                # the site's sticky-session cookie
ROLE, DATABASE, PASSWORD = "deploy_test_app", "deploy_test", "deploy-test-password"

# What the test's nginx.conf gives the site, as /etc/nginx/nginx.conf does on a server: everything under the
# test's folder, and an access log that says which instance answered each request.
MAIN_CONF = """\
{user}
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log notice;
events {{ worker_connections 256; }}
http {{
    log_format deploy '$request_method $request_uri $status up=$upstream_addr route=$cookie_carbon_peak_route';
    access_log {dir}/access.log deploy;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/carbon-peak.conf;
}}
"""


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@dataclass
class Instance:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def kill(self) -> None:
        """As a crash would: the server and its upload-reader workers (its own process group) at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@dataclass
class Stack:
    proxy: str
    instances: list[Instance]
    access_log: Path

    def requests(self) -> list[dict]:
        """nginx's access log: method, uri, status, up (the instance(s) tried), route (the cookie sent)."""
        lines = self.access_log.read_text().splitlines()
        pattern = re.compile(r"(?P<method>\S+) (?P<uri>\S+) (?P<status>\d+) up=(?P<up>.*) route=(?P<route>\S*)$")
        return [pattern.match(line).groupdict() for line in lines]


def render_site(site_port: int, ports: list[int]) -> str:
    """deploy/nginx/carbon-peak.conf with the test's ports: the instances' 8601/8602, and the proxy on
    127.0.0.1 instead of port 80. Nothing else changes, so the test checks the file an admin installs."""
    site = (DEPLOY / "nginx" / "carbon-peak.conf").read_text()
    for old, new in [("127.0.0.1:8601", f"127.0.0.1:{ports[0]}"), ("127.0.0.1:8602", f"127.0.0.1:{ports[1]}"),
                     ("listen 80;", f"listen 127.0.0.1:{site_port};"), ("listen [::]:80;", "")]:
        assert old in site, f"deploy/nginx/carbon-peak.conf no longer has {old!r}: update render_site()"
        site = site.replace(old, new)
    return site


def drop_database(admin_url) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'DROP ROLE IF EXISTS "{ROLE}"'))
    admin.dispose()


def fresh_database(server_url: str) -> str:
    """An empty ledger database, made by deploy/postgres/setup.sql as an admin would; returns the app's URL."""
    url = make_url(server_url).set(drivername="postgresql+psycopg")
    drop_database(url.set(database="postgres"))  # what an earlier run may have left
    host, port = url.host or "127.0.0.1", str(url.port or 5432)
    subprocess.run(["psql", "-X", "-q", "-h", host, "-p", port, "-U", url.username or "postgres", "-d", "postgres",
                    "-v", f"role={ROLE}", "-v", f"database={DATABASE}", "-v", f"password={PASSWORD}",
                    "-f", str(DEPLOY / "postgres" / "setup.sql")],
                   check=True, capture_output=True, text=True, env={**os.environ, "PGPASSWORD": url.password or ""})
    # The app logs in as the new role, not as the superuser: it must be able to create its own tables.
    return url.set(username=ROLE, password=PASSWORD, database=DATABASE).render_as_string(hide_password=False)


def unit_command(port: int) -> list[str]:
    """The ExecStart of deploy/systemd/carbon-peak@.service for this port, with this venv's Python running
    Streamlit instead of /opt/carbon-peak/.venv/bin/streamlit: the instances run as the unit runs them."""
    unit = (DEPLOY / "systemd" / "carbon-peak@.service").read_text()
    line = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    words = shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port)))
    assert words[0] == "/opt/carbon-peak/.venv/bin/streamlit", words
    return [sys.executable, "-m", "streamlit", *words[1:]]


def start_instance(port: int, database_url: str, folder: Path) -> Instance:
    """One app instance as carbon-peak@.service runs it."""
    log = folder / f"app-{port}.log"
    env = {**os.environ, "LEDGER_DATABASE_URL": database_url, "LEDGER_EDITOR_PASSCODE": "test-passcode",
           "LEDGER_DATA_DIR": str(folder / f"data-{port}"), "PYTHONUNBUFFERED": "1"}
    with open(log, "w") as out:
        # its own process group, so that killing it takes its upload-reader workers too, as systemd would
        process = subprocess.Popen(unit_command(port), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    return Instance(port, process, log)


def wait_until(check, what: str, seconds: float, logs: list[Path]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} within {seconds:.0f} s\n" + "\n".join(f"--- {p.name} ---\n{p.read_text()}" for p in logs))


def answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except OSError:
        return False


@contextlib.contextmanager
def proxied_instances(tmp_path: Path, database_url: str):
    """Two app instances on `database_url` and nginx with the site in front of them; stopped afterwards."""
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (test.sh installs it: apt-get install nginx)")
    ports = [free_port(), free_port()]
    instances = [start_instance(port, database_url, tmp_path) for port in ports]
    logs = [instance.log for instance in instances] + [tmp_path / "nginx.log", tmp_path / "error.log"]
    nginx = None
    try:
        for instance in instances:  # both start at once, as after a reboot: migrations must not collide
            wait_until(lambda i=instance: i.process.poll() is None and answers(f"http://{i.address}/_stcore/health"),
                       f"app instance {instance.address} did not start", 60, logs[:2])

        site_port = free_port()
        (tmp_path / "carbon-peak.conf").write_text(render_site(site_port, ports))
        # as root, nginx's workers would run as "nobody", which cannot enter the test's folder
        user = "user root;" if os.geteuid() == 0 else ""
        (tmp_path / "nginx.conf").write_text(MAIN_CONF.format(dir=tmp_path, user=user))
        command = [NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", str(tmp_path / "error.log")]
        checked = subprocess.run(command + ["-t"], capture_output=True, text=True)
        assert checked.returncode == 0, f"nginx -t refuses the site:\n{checked.stderr}"
        with open(tmp_path / "nginx.log", "w") as out:
            nginx = subprocess.Popen(command + ["-g", "daemon off;"], stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        proxy = f"http://127.0.0.1:{site_port}"
        wait_until(lambda: nginx.poll() is None and answers(f"{proxy}/healthz"), "nginx did not start", 15, logs[2:])
        yield Stack(proxy, instances, tmp_path / "access.log")
    finally:
        if nginx is not None and nginx.poll() is None:
            nginx.terminate()
            nginx.wait(timeout=10)
        for instance in instances:
            if instance.process.poll() is None:
                os.killpg(instance.process.pid, signal.SIGTERM)
                instance.process.wait(timeout=20)
        # pytest shows this only when the test fails
        for path in logs + [tmp_path / "access.log"]:
            if path.exists():
                sys.stderr.write(f"\n--- {path.name} ---\n{path.read_text()}")


@pytest.fixture
def stack(request, tmp_path):
    """The stack on a PostgreSQL ledger made by setup.sql, as on the server."""
    server_url = request.config.getoption("--postgres")
    if not server_url:
        pytest.skip("PostgreSQL test: run with --postgres URL (test.sh does)")
    try:
        with proxied_instances(tmp_path, fresh_database(server_url)) as proxied:
            yield proxied
    finally:
        drop_database(make_url(server_url).set(drivername="postgresql+psycopg", database="postgres"))


@pytest.fixture
def sqlite_stack(tmp_path):
    """The same proxy and instances on an SQLite ledger, for what does not depend on the database."""
    with proxied_instances(tmp_path, f"sqlite:///{tmp_path / 'ledger.sqlite'}") as proxied:
        yield proxied


def route(context) -> str | None:
    """The instance the proxy has pinned this browser to (its route cookie)."""
    return next((c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE), None)


def save_a_submission(page, proxy: str, sheet: Path) -> str:
    """The save flow of tests/test_browser.py, through the proxy; returns the share link."""
    return save_transport_sheet(page, proxy, sheet).get_by_role("link").get_attribute("href")


@pytest.mark.postgres
def test__deploy__two_instances_behind_nginx_share_the_ledger_and_survive_one_dying(stack, browser, long_sheet,
                                                                                    tmp_path):
    expect.set_options(timeout=30_000)
    proxy = stack.proxy
    assert get(f"{proxy}/healthz") == (200, "ok")

    # A user saves a submission through the proxy.
    sheet = tmp_path / "transport.xlsx"
    sheet.write_bytes(long_sheet)
    user = browser.new_context(viewport={"width": 1400, "height": 1100})
    user.set_default_timeout(30_000)
    page = user.new_page()
    link = save_a_submission(page, proxy, sheet)
    assert re.fullmatch(re.escape(proxy) + r"/progress\?report=[A-Za-z0-9_-]{22}", link)  # the proxy's address
    home = next(i for i in stack.instances if i.address == route(user))
    other = next(i for i in stack.instances if i is not home)
    # Stickiness: the upload (a PUT that fails on an instance without the user's session) reached the instance
    # the cookie names. (Websockets are logged when they close; checked below.)
    uploads = [r for r in stack.requests() if r["uri"].startswith("/_stcore/upload_file/")]
    assert uploads and all(r["up"] == home.address and r["status"] == "204" for r in uploads), uploads

    # A colleague whose browser is pinned to the other instance opens the share link: the ledger is shared.
    colleague = browser.new_context(viewport={"width": 1400, "height": 1100})
    colleague.add_cookies([{"name": ROUTE_COOKIE, "value": other.address, "url": proxy}])
    view = colleague.new_page()
    view.goto(link)
    expect(view.get_by_text("Read-only report: the submission of Municipal Transport Bureau")).to_be_visible()
    expect(view.get_by_text("▲ On track").first).to_be_visible()
    assert route(colleague) == other.address
    colleague.close()

    # The user's instance dies while the page is open. The page reconnects through the proxy by itself (no
    # reload); the proxy moves it to the surviving instance, where it reruns in a new session.
    home.kill()
    deadline = time.monotonic() + 30
    while route(user) != other.address and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert route(user) == other.address, "the proxy did not move the user to the surviving instance"
    settled(page)
    # The open page works: a click in the sidebar runs the Targets page on the survivor. (Which language the
    # new session picks is the app's affair, not the proxy's: it reads ?lang= again.)
    page.locator('[data-testid="stSidebarNavLink"][href*="/targets"]').click()
    expect(page).to_have_url(re.compile(r"/targets(\?|$)"))
    expect(page.locator("h1").first).to_have_text(re.compile(r"^(Targets|目标)$"))
    # Reloads and links work too, and the ledger is all there.
    page.goto(f"{proxy}/targets?lang=en")
    expect(page.locator("h1").first).to_have_text("Targets")
    page.goto(link)
    expect(page.get_by_text("Read-only report: the submission of Municipal Transport Bureau")).to_be_visible()
    assert route(user) == other.address
    assert get(f"{proxy}/healthz") == (200, "ok")
    user.close()

    # The log agrees (websockets are logged when they close): every websocket went first to the instance its
    # cookie named; the user's first one stayed on its instance until the crash, and the colleague's was on the
    # other instance.
    streams = [r for r in stack.requests() if r["uri"] == "/_stcore/stream"]
    tried = [(r["route"], re.split(r",\s*|\s+:\s+", r["up"])) for r in streams]
    assert all(addresses[0] == cookie for cookie, addresses in tried), streams
    assert (home.address, [home.address]) in tried and (other.address, [other.address]) in tried, streams


# Streamlit answers these to anyone who reaches an instance; through the proxy each must be nginx's own 404.
CLOSED = ["/_stcore/metrics", "/_stcore//metrics", "/%5Fstcore/metrics", "/_stcore/health/../metrics",
          "/_stcore/script-health-check", "/_stcore/agent/openapi.json", "/_stcore/agent/mcp", "/_stcore/unknown"]


def test__deploy__nginx_closes_the_stcore_paths_no_browser_needs_and_the_page_still_works(sqlite_stack, browser,
                                                                                          long_sheet, tmp_path):
    proxy, home = sqlite_stack.proxy, sqlite_stack.instances[0]
    status, metrics = get(f"http://{home.address}/_stcore/metrics")
    assert status == 200 and "# TYPE" in metrics  # open sessions, cache names: the instance tells anyone
    for path in CLOSED:
        assert get(proxy + path)[0] == 404, path
    assert get(f"{proxy}/_stcore/health") == (200, "ok")
    assert get(f"{proxy}/_stcore/host-config")[0] == 200
    asked = {r["uri"]: r["up"] for r in sqlite_stack.requests() if r["uri"] in CLOSED}
    assert asked == dict.fromkeys(CLOSED, "-"), asked  # nginx answered them itself: no instance was asked

    # The page through the proxy: it connects, uploads a sheet and saves it, and every /_stcore/ request it
    # made was passed on to an instance.
    sheet = tmp_path / "transport.xlsx"
    sheet.write_bytes(long_sheet)
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    context.set_default_timeout(30_000)
    save_a_submission(context.new_page(), proxy, sheet)
    context.close()
    used = [r for r in sqlite_stack.requests() if r["uri"].startswith("/_stcore/") and r["uri"] not in CLOSED]
    assert all(r["up"] != "-" and r["status"] != "404" for r in used), used
    assert {r["uri"].split("/")[2] for r in used} >= {"health", "host-config", "upload_file"}, used


def test__systemd_units__pass_systemd_analyze_verify(tmp_path):
    """The unit files parse (no unknown or misspelt settings) and name programs that exist."""
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed")
    for path in (DEPLOY / "systemd").glob("carbon-peak*"):
        # the app's programs as they are here rather than in /opt/carbon-peak
        (tmp_path / path.name).write_text(path.read_text().replace("/opt/carbon-peak/.venv", sys.prefix))
    (tmp_path / "carbon-peak@8601.service").symlink_to(tmp_path / "carbon-peak@.service")
    units = [str(tmp_path / name) for name in ("carbon-peak@8601.service", "carbon-peak-backup.service",
                                               "carbon-peak-backup.timer")]
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True)
    complaints = [line for line in result.stderr.splitlines() if "carbon-peak" in line]
    assert result.returncode == 0 and not complaints, result.stderr
