"""The budget tests' rated call, Québec centre and Québec → Lyon project, plus coordinator and ministry clients."""
from __future__ import annotations

import pytest

from portal.models import Role
from tests.funding.admin.conftest import client_for
from tests.funding.budgets.conftest import project, quebec_centre, rated_call, staff  # noqa: F401  (fixtures)


@pytest.fixture
def coordinator(app, factories):
    return client_for(app, factories, Role.COORDINATOR)


@pytest.fixture
def ministry(app, factories):
    return client_for(app, factories, Role.MINISTRY)
