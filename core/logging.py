"""Logging filters shared by the settings' LOGGING."""

import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    """A request refused with a 4xx (a 403, a 404) is the visitor's mistake, not ours: log its
    one line and leave out the traceback Django attaches, which would bury real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
