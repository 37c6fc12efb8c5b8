"""Fixtures shared by the hostile tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers.gated import GatedWebServer


@pytest.fixture
def feeds() -> Iterator[GatedWebServer]:
    """Feeds with no items, answered at once: subscribing costs one fetch and no NLP."""
    with GatedWebServer() as site:
        site.open()
        yield site
