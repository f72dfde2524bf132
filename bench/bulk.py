"""Writing many rows with PostgreSQL's COPY, for any model, from its current columns.

Rows are dicts of the values the seeder decides; every other column of the model gets what
Django would give it (its default, now for auto_now fields, NULL or an empty string), so a
column added to a model later is filled without touching the seeder. A new column that needs
a value Django cannot guess stops the seeder with its name.
"""

import io
import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone

CHUNK_ROWS = 50_000


class UnknownColumn(Exception):
    pass


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, int | Decimal | float):
        return str(value)
    if isinstance(value, dict | list):
        value = json.dumps(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = (
            text.replace("\\", "\\\\")
            .replace("\t", "\\t")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
    return text


def _filler(field: models.Field, now: datetime):
    """What a column gets when the seeder does not say: a function of no arguments."""
    if field.has_default():
        return field.get_default
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda: now
    if field.null:
        return lambda: None
    if field.blank and isinstance(field, models.CharField | models.TextField):
        return lambda: ""
    raise UnknownColumn(
        f"{field.model.__name__}.{field.name} needs a value: teach bench/seed.py to give one."
    )


def columns(model) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if not field.generated]


def copy_rows(model, rows: Iterable[dict], *, progress=None) -> int:
    """COPY rows into the model's table; returns how many were written."""
    fields = columns(model)
    now = timezone.now()
    fillers = {}
    names = [field.attname for field in fields]
    column_list = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({column_list}) FROM STDIN"
    written = 0
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for field, name in zip(fields, names, strict=True):
                if name in row:
                    values.append(_text(row[name]))
                    continue
                if name not in fillers:
                    fillers[name] = _filler(field, now)
                values.append(_text(field.get_db_prep_save(fillers[name](), connection)))
            buffer.write("\t".join(values))
            buffer.write("\n")
            written += 1
            if written % CHUNK_ROWS == 0:
                _flush(cursor, sql, buffer)
                buffer = io.StringIO()
                if progress is not None:
                    progress.update(CHUNK_ROWS)
        _flush(cursor, sql, buffer)
    if progress is not None:
        progress.update(written % CHUNK_ROWS)
    return written


def _flush(cursor, sql, buffer):
    buffer.seek(0)
    cursor.cursor.copy_expert(sql, buffer)


def reset_sequences(*model_list) -> None:
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), model_list):
            cursor.execute(statement)
