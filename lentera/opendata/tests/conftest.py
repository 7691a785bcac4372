import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_public_cache(settings):
    """Public page cache off by default in these tests (test_pagecache turns it on)."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()
