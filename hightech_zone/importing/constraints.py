"""The model's database constraints checked row by row in Python, so that an import names
the bad row instead of failing at the end."""

import functools
import operator

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q


class _CannotEvaluate(Exception):
    pass


COMPARISONS = {
    "exact": operator.eq,
    "gte": operator.ge,
    "lte": operator.le,
    "gt": operator.gt,
    "lt": operator.lt,
    "in": lambda actual, expected: actual in expected,
}


def _compile_lookup(model, lookup, expected):
    name, _, op = lookup.partition("__")
    try:
        attname = model._meta.get_field(name).attname
    except FieldDoesNotExist:
        raise _CannotEvaluate from None
    if isinstance(expected, F):
        other = "pk" if expected.name == "pk" else model._meta.get_field(expected.name).attname

        def expected_of(instance):
            return getattr(instance, other)
    elif hasattr(expected, "resolve_expression"):
        raise _CannotEvaluate
    else:

        def expected_of(instance):
            return expected

    if op == "isnull":
        return lambda instance: (getattr(instance, attname) is None) == expected
    compare = COMPARISONS.get(op or "exact")
    if compare is None:
        raise _CannotEvaluate

    def check(instance):
        actual, wanted = getattr(instance, attname), expected_of(instance)
        if actual is None or wanted is None:
            return None  # SQL's unknown, which a CHECK constraint lets through
        return compare(actual, wanted)

    return check


def _compile(model, condition):
    """A CheckConstraint's Q as a Python function, with SQL's three-valued logic."""
    parts = [
        _compile(model, child) if isinstance(child, Q) else _compile_lookup(model, *child)
        for child in condition.children
    ]
    conjunction, negated = condition.connector == Q.AND, condition.negated

    def check(instance):
        results = [part(instance) for part in parts]
        if conjunction:
            value = False if False in results else (None if None in results else True)
        else:
            value = True if True in results else (None if None in results else False)
        return (not value) if negated and value is not None else value

    return check


@functools.cache
def _compiled_constraints(model):
    compiled = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.CheckConstraint):
            try:
                compiled.append((constraint, _compile(model, constraint.condition)))
            except _CannotEvaluate:
                compiled.append((constraint, None))
    return compiled


def constraint_errors(instance, exclude=()):
    """The check constraints a record breaks, without asking the database when possible.

    Django's CheckConstraint.validate() runs one query per constraint and row; ours are plain
    comparisons, so they are evaluated in Python and only an unusual one goes to Django. As in
    Django's full_clean(), a constraint on a field in ``exclude`` (one already in error) is
    not checked: a negative figure is told once, not once by its field and again here.
    """
    errors = []
    for constraint, check in _compiled_constraints(type(instance)):
        if exclude and set(exclude) & constraint.condition.referenced_base_fields:
            continue
        if check is None:
            try:
                constraint.validate(type(instance), instance)
            except ValidationError as error:
                errors.extend(error.messages)
        elif check(instance) is False:
            errors.append(constraint.get_violation_error_message())
    return errors
