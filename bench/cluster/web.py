"""The cluster test's checks through nginx: one browser session across the app servers, and the login lockout
counted across them."""

from __future__ import annotations

import ssl
from collections import Counter
from pathlib import Path

from bench.cluster import nginx

APPS = ("app1", "app2")
PASSWORD = "Rahasia-Uji-2026"  # the password of the users the account factories make


class CheckFailed(AssertionError):
    pass


def check(ok: bool, what: str) -> None:
    if not ok:
        raise CheckFailed(what)
    print(f"   ok  {what}", flush=True)


def totp_now(user_id: str) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__user_id=user_id, confirmed=True)
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():0{device.digits}d}"


class Site:
    def __init__(self, url: str, cert: Path, ports: dict[str, int]) -> None:
        import httpx

        self.url = url
        self.ssl = ssl.create_default_context(cafile=str(cert))
        self.names = {f"127.0.0.1:{port}": name for name, port in ports.items()}
        self.web = httpx.Client(base_url=url, verify=self.ssl, timeout=60, follow_redirects=False)

    def served_by(self, response) -> str:
        """Which app server answered (the last upstream nginx tried), from the response header."""
        addrs = response.headers.get(nginx.UPSTREAM_HEADER, "").split(", ")
        return self.names.get(addrs[-1], addrs[-1] or "nginx")

    def form_headers(self, app: str, path: str) -> dict[str, str]:
        return {nginx.PIN_HEADER: app, "Referer": self.url + path, "Origin": self.url}

    def csrf(self) -> str:
        return next(c.value for c in self.web.cookies.jar if c.name == "csrftoken")


def pin(app: str) -> dict[str, str]:
    return {nginx.PIN_HEADER: app}


def login_across(site: Site, user_id: str) -> None:
    """Password on app1, second factor on app2, then pages round robin: one session on every server."""
    from django.urls import reverse

    login, otp, home = reverse("accounts:login"), reverse("accounts:otp"), reverse("accounts:dashboard")
    r = site.web.get(login, headers=pin("app1"))
    check(r.status_code == 200 and site.served_by(r) == "app1", "login page from app server 1")
    data = {"username": user_id, "password": PASSWORD, "csrfmiddlewaretoken": site.csrf()}
    r = site.web.post(login, data=data, headers=site.form_headers("app1", login))
    check(r.status_code == 302 and otp in r.headers.get("location", ""), "password accepted by app server 1")
    r = site.web.get(otp, headers=pin("app2"))
    check(
        r.status_code == 200 and site.served_by(r) == "app2", "app server 2 knows the session of app server 1"
    )
    data = {"token": totp_now(user_id), "csrfmiddlewaretoken": site.csrf()}
    r = site.web.post(otp, data=data, headers=site.form_headers("app2", otp))
    check(r.status_code == 302, "second factor accepted by app server 2")
    served = Counter()
    for _ in range(6):
        r = site.web.get(home)
        check(r.status_code == 200, f"dashboard with the session, round robin ({site.served_by(r)})")
        served[site.served_by(r)] += 1
    check(set(served) == set(APPS), f"the session is valid on both servers ({dict(served)})")


def login_once(site: Site, app: str, user_id: str, password: str):
    """One login attempt on ``app`` from a new browser (its own cookies); returns the answer to the POST."""
    import httpx
    from django.urls import reverse

    login = reverse("accounts:login")
    with httpx.Client(base_url=site.url, verify=site.ssl, timeout=30) as browser:
        browser.get(login, headers=pin(app))
        csrf = next(c.value for c in browser.cookies.jar if c.name == "csrftoken")
        return browser.post(
            login,
            data={"username": user_id, "password": password, "csrfmiddlewaretoken": csrf},
            headers=site.form_headers(app, login),
        )


def lockout_across(site: Site, user_id: str, limit: int) -> None:
    """``limit`` wrong passwords alternating between the servers lock the User ID on both (each server alone
    saw fewer than ``limit``)."""
    per_app: Counter[str] = Counter()
    statuses = []
    for i in range(limit):
        app = APPS[i % 2]
        statuses.append(login_once(site, app, user_id, f"salah-{i}").status_code)
        per_app[app] += 1
    check(
        max(per_app.values()) < limit,
        f"{limit} failed logins spread over both servers ({dict(per_app)}; each alone is under the limit)",
    )
    for app in APPS:
        r = login_once(site, app, user_id, PASSWORD)
        check(
            r.status_code == 429 and "sessionid" not in r.cookies,
            f"the right password is refused on {app} while locked ({r.status_code}; failures answered {statuses})",
        )
