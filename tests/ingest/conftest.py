import pytest

from tests.ingest.feed_server import running_feed_server


@pytest.fixture
def feed_server():
    """A live HTTP server of agency feeds for one test (``tests.ingest.feed_server``)."""
    with running_feed_server() as server:
        yield server
