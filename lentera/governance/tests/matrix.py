"""Calls for the governance access matrices (lentera.testing.run_matrix): a page read, a form post, an API call."""

from django.urls import reverse

BASE = "/api/v1/governance"


def get(name, *args):
    url = reverse(f"governance:{name}", args=args)
    return lambda c, h: c.get(url)


def post(name, *args, data=None):
    url = reverse(f"governance:{name}", args=args)
    return lambda c, h: c.post(url, data or {})


def api(method, path, body=None):
    return lambda c, h: getattr(c, method)(BASE + path, data=body or {}, content_type="application/json", **h)
