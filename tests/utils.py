from django.db import connection
from django.test.utils import CaptureQueriesContext

# The people around one job whom permission tests walk (fixtures `people` and `as_role`).
JOB_ROLES = ["anonymous", "buyer", "other_buyer", "provider_member", "other_provider", "staff"]


def count_queries(fetch) -> int:
    """How many SQL queries calling fetch() runs."""
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


def race(*calls, timeout: float = 30) -> list:
    """Start the calls at the same moment, each in its own thread with its own database
    connection, and return each one's outcome: what it returned, or the exception it raised.
    For races on PostgreSQL (tests with django_db(transaction=True))."""
    import threading

    from django.db import connections

    start = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        try:
            start.wait(timeout=timeout)
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - the outcome under test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
