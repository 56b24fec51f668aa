"""Listing queries compiled once per process and run again with the clock's reading.

A page's listing query (the home page's every box in one query) is the same SQL on
every request: only the time it tests visibility against changes. Django builds and
compiles it anew each time, and for the home page that cost more than running it (8 ms
building the querysets and 3 ms compiling them, against 4 ms of SQL on SQLite, bench
data of 2 000 articles). ``rows`` compiles a query once per process and key, then only
puts the new time into its parameters.

It checks itself when it prepares a statement: the query is built for two different
times and kept only if the SQL is the same and the parameters differ exactly where the
time stood, and if its result columns are the queryset's. Otherwise the ORM runs it
every time. What the check cannot see is a query that depends on something other than
the time which the key does not name: a caller's key names everything its query is
built from (``public.selectors.home_boxes``: the edition and the section layout).
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import DEFAULT_DB_ALIAS, connections

logger = logging.getLogger(__name__)

# Statements kept per process: each distinct key is one (edition and section layout for
# the home page), so a few; the bound only guards against keys that never repeat.
MAX_STATEMENTS = 128


@dataclass(frozen=True)
class Statement:
    """One compiled query: its ``sql``, its ``params`` (a tuple) with the clock's value
    at the positions ``now_at``, the result's column ``names`` and, per column,
    ``converters`` (the ORM's ``(functions, expression)`` pairs, or None)."""

    sql: str
    params: tuple
    now_at: tuple
    names: tuple
    converters: tuple

    def run(self, now, using):
        """The rows (dicts of ``names``) for time ``now`` on database ``using``."""
        connection = connections[using]
        params = list(self.params)
        stamp = connection.ops.adapt_datetimefield_value(now)
        for position in self.now_at:
            params[position] = stamp
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched = cursor.fetchall()
        rows = []
        for row in fetched:
            values = list(row[: len(self.names)])
            for index, converter in enumerate(self.converters):
                if converter is not None:
                    functions, expression = converter
                    for function in functions:
                        values[index] = function(values[index], expression, connection)
            rows.append(dict(zip(self.names, values, strict=True)))
        return rows


_statements = {}
_UNPREPARABLE = object()


def rows(key, build, now, using=DEFAULT_DB_ALIAS):
    """The rows of ``build(now)`` as dicts (``build`` returns a ``.values(...)`` queryset
    whose SQL depends on ``key``, a hashable, and on ``now``, an aware datetime, alone).

    The first call per process and key compiles the query (twice: see the module) and
    keeps it; every call runs it once with ``now`` in place. The same rows, in one
    query, as ``list(build(now))``."""
    slot = (using, key)
    statement = _statements.get(slot)
    if statement is None:
        statement = _prepare(build, now, using)
        if len(_statements) >= MAX_STATEMENTS:
            _statements.clear()
        _statements[slot] = statement or _UNPREPARABLE
    if statement is _UNPREPARABLE or statement is None:
        return list(build(now))
    return statement.run(now, using)


def _prepare(build, now, using):
    """The ``Statement`` of ``build`` (see ``rows``), or None when it cannot be kept."""
    connection = connections[using]
    queryset = build(now)
    compiler = queryset.query.get_compiler(using)
    sql, params = compiler.as_sql()
    later = now + timedelta(seconds=1)
    sql_later, params_later = build(later).query.get_compiler(using).as_sql()
    stamp, stamp_later = (connection.ops.adapt_datetimefield_value(t) for t in (now, later))
    if sql_later != sql or len(params_later) != len(params):
        return _refuse("its SQL changes with the time")
    now_at = []
    for position, (value, value_later) in enumerate(zip(params, params_later, strict=True)):
        if value == value_later:
            continue
        if value != stamp or value_later != stamp_later:
            return _refuse("a parameter other than the time changes with it")
        now_at.append(position)
    query = queryset.query
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    selected = [column[0] for column in compiler.select[: compiler.col_count]]
    if len(names) != len(selected):
        return _refuse("its columns are not the ones it names")
    found = compiler.get_converters(selected)
    return Statement(
        sql=sql,
        params=tuple(params),
        now_at=tuple(now_at),
        names=names,
        converters=tuple(found.get(index) for index in range(len(names))),
    )


def _refuse(why):
    logger.warning("statements: a query is not kept (%s); it runs through the ORM", why)
    return None
