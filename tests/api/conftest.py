"""The API tests read the indicators' hand-counted fixture."""
from tests.indicators.conftest import counted  # noqa: F401  (fixture)
