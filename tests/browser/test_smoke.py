import pytest

from tests.browser.helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_admin_login_form_logs_a_writer_in(page, writer):
    login(page, writer)
    assert "wendy-writer" in page.inner_text("#user-tools").lower()
