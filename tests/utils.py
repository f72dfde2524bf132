from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(fetch) -> int:
    """How many SQL queries calling fetch() runs."""
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)
