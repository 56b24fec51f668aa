"""Queries compiled once per process and run again with new values.

A page's queries are the same SQL on every request: only the values they are built
from change (the time visibility is tested against, an article's id, a list of ids).
Django builds and compiles each anew, and on a page's first request after a change
that cost more than running them: the home page's query 8 ms to build and 3 ms to
compile against 4 ms of SQL; the article page's three queries (the story, its bylines,
a card) about 5 ms to compile against 1 ms of SQL (SQLite, bench data of 2 000
articles). ``rows`` and ``instances`` compile a query once per process, database and
key, then only put the new values into its parameters.

They check themselves when they keep a query: it is built again from other values and
kept only if the SQL is the same and the parameters differ exactly where the values
stood, each value at positions of its own; otherwise the ORM runs it every time. What
the check cannot see is a query that depends on something other than its values that
the key does not name: a caller's key names everything else its query is built from
(the edition, the section layout, how many ids).

Kept per process and database alias, at most ``MAX_STATEMENTS``, for every thread: a
statement holds the SQL and what the ORM's compiler worked out about its columns, never
a connection (each run uses its thread's, as the ORM would). A refusal caused by the
query (its SQL changes with its values) is kept for the key; one caused by the values of
a call (they cannot be built from others) is not.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import prefetch_related_objects
from django.db.models.query import get_related_populators

logger = logging.getLogger(__name__)

# Statements kept per process: each distinct key is one (an edition and section layout;
# a number of ids, for cards and bylines), so up to a hundred or so per database; the
# bound guards against keys that never repeat.
MAX_STATEMENTS = 512


@dataclass(frozen=True)
class Statement:
    """One compiled query: its ``sql`` and ``params`` (a tuple) as first built,
    ``slots`` (``(position in params, index in values)`` pairs) where its values go,
    and what the compiler worked out: its ``select`` and ``klass_info`` (columns and
    related objects), ``annotation_col_map``, ``col_count``, column ``converters``
    (``{position: (functions, expression)}``), result ``names`` (of a ``values()``
    query) and the queryset's prefetch ``lookups``."""

    sql: str
    params: tuple
    slots: tuple
    select: list
    klass_info: dict
    annotation_col_map: dict
    col_count: int
    converters: dict
    names: tuple
    lookups: tuple

    def bind(self, values, connection):
        """The parameters for ``values`` (a tuple, in the order the query was built
        from) on ``connection``."""
        params = list(self.params)
        for position, index in self.slots:
            params[position] = _adapt(connection, values[index])
        return params

    def fetch(self, values, using):
        """The rows for ``values`` on database ``using`` (this thread's connection),
        converted as the ORM converts them, each cut to the query's own columns."""
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.bind(values, connection))
            fetched = cursor.fetchall()
        columns = self.col_count
        if not self.converters:
            return [row[:columns] for row in fetched]
        converters = list(self.converters.items())
        rows = []
        for fetched_row in fetched:
            row = list(fetched_row[:columns])
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            rows.append(row)
        return rows


def rows(key, build, *values, using=DEFAULT_DB_ALIAS):
    """The rows of ``build(*values)`` as dicts: ``build`` returns a ``.values(...)``
    queryset whose SQL depends on ``key`` (a hashable) and on ``values`` (aware
    datetimes, ints, strings) alone. The same rows, in one query, as
    ``list(build(*values))``; the first call per process and key compiles it twice
    (see the module)."""
    statement, queryset = _statement(key, build, values, using)
    if statement is None:
        return list(queryset if queryset is not None else build(*values))
    names = statement.names
    return [dict(zip(names, row, strict=True)) for row in statement.fetch(values, using)]


def instances(key, build, *values, using=DEFAULT_DB_ALIAS):
    """The model instances of ``build(*values)`` (a queryset of models, with its
    ``select_related`` objects, annotations and ``prefetch_related`` lookups, the last
    run by the ORM), as iterating it gives them; ``key`` and ``values`` as for
    ``rows``."""
    statement, queryset = _statement(key, build, values, using)
    if statement is None:
        return list(queryset if queryset is not None else build(*values))
    select, klass_info = statement.select, statement.klass_info
    model = klass_info["model"]
    fields = klass_info["select_fields"]
    start, end = fields[0], fields[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    populators = get_related_populators(klass_info, select, using)
    found = []
    for row in statement.fetch(values, using):
        instance = model.from_db(using, names, row[start:end])
        for populator in populators:
            populator.populate(row, instance)
        for name, position in (statement.annotation_col_map or {}).items():
            setattr(instance, name, row[position])
        found.append(instance)
    if found and statement.lookups:
        prefetch_related_objects(found, *statement.lookups)
    return found


def sql(key, build, *values, using=DEFAULT_DB_ALIAS):
    """``(sql, params)`` of ``build(*values)`` (a queryset) for a statement of the
    caller's own making (a subquery among others): kept as ``rows`` keeps it, with
    ``values`` in place."""
    statement, queryset = _statement(key, build, values, using)
    if statement is None:
        return (queryset if queryset is not None else build(*values)).query.get_compiler(using).as_sql()
    return statement.sql, statement.bind(values, connections[using])


_REFUSED = object()


def _statement(key, build, values, using):
    """``(Statement, None)`` kept for ``key`` on database ``using``, prepared now if
    new; ``(None, queryset or None)`` when the query cannot be kept (the queryset built
    while trying, so it is not built twice)."""
    kept_here = kept(using)
    statement = kept_here.get(key)
    if statement is _REFUSED:
        return None, None
    if statement is not None:
        return statement, None
    queryset = build(*values)
    statement, lasting = _prepare(queryset, build, values, using)
    if statement is None and not lasting:
        return None, queryset  # these values only: the next call tries again
    if len(kept_here) >= MAX_STATEMENTS:
        kept_here.clear()
    kept_here[key] = statement or _REFUSED
    return statement, None if statement is not None else queryset


def _prepare(queryset, build, values, using):
    """``(Statement, True)`` for ``queryset`` (``build(*values)``); ``(None, True)`` when
    the query cannot be kept whatever its values (see the module), ``(None, False)``
    when these values cannot tell (no query to run, or the other values are ones it
    cannot be built from)."""
    connection = connections[using]
    others = tuple(_other(value, index) for index, value in enumerate(values))
    if None in others:
        return _refuse("a value of a kind it cannot vary"), True
    compiler = queryset.query.get_compiler(using)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        return None, False  # nothing to run: the ORM answers without a query
    try:
        sql_other, params_other = build(*others).query.get_compiler(using).as_sql()
    except (EmptyResultSet, TypeError, ValueError, ValidationError):
        return None, False  # e.g. an id given as a string: the ORM takes it as it is
    if sql_other != sql or len(params_other) != len(params):
        return _refuse("its SQL changes with its values"), True
    adapted = [_adapt(connection, value) for value in values]
    adapted_other = [_adapt(connection, value) for value in others]
    slots = []
    for position, (value, value_other) in enumerate(zip(params, params_other, strict=True)):
        if value == value_other:
            continue
        index = [i for i in range(len(values)) if adapted[i] == value and adapted_other[i] == value_other]
        if len(index) != 1:
            return _refuse("a parameter changes that is not one of its values"), True
        slots.append((position, index[0]))
    if sorted({index for _position, index in slots}) != list(range(len(values))):
        return _refuse("a value that reaches no parameter"), True
    query = queryset.query
    statement = Statement(
        sql=sql,
        params=tuple(params),
        slots=tuple(slots),
        select=compiler.select,
        klass_info=compiler.klass_info,
        annotation_col_map=compiler.annotation_col_map,
        col_count=compiler.col_count,
        converters=compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]]),
        # As Django's ValuesIterable names a values() query's columns.
        names=tuple(query.selected or (*query.extra_select, *query.values_select, *query.annotation_select)),
        lookups=tuple(queryset._prefetch_related_lookups),
    )
    return statement, True


def _other(value, index):
    """A value of ``value``'s kind that differs from it and from the other value of any
    other ``index`` (equal values still reach their own parameters), or None for
    another kind. A time moves by more than a year, to another weekday, and by an hour,
    a minute, a second and a microsecond: a date, hour or second the query derives from
    it changes too, so the check sees it (it is not one of the values: not kept)."""
    if isinstance(value, datetime):
        return value + timedelta(days=401 + 7 * index, hours=1, minutes=1, seconds=1, microseconds=1)
    if isinstance(value, int) and not isinstance(value, bool):
        return value + 7919 * (index + 1)
    if isinstance(value, str):
        return value + "\u2063" * (index + 1)
    return None


def _adapt(connection, value):
    return connection.ops.adapt_datetimefield_value(value) if isinstance(value, datetime) else value


def _refuse(why):
    logger.warning("statements: a query is not kept (%s); it runs through the ORM", why)
    return None


_KEPT = {}


def kept(using=DEFAULT_DB_ALIAS):
    """``{key: Statement}`` kept in this process for database ``using`` (refused keys
    map to an internal marker)."""
    return _KEPT.setdefault(using, {})


def forget(using=DEFAULT_DB_ALIAS):
    """Drop every statement kept in this process for database ``using`` (as a new
    process starts)."""
    _KEPT.pop(using, None)
