"""Database constraints speak Polish at the field they are about.

Every `CheckConstraint` / `UniqueConstraint` of the platform declares a Polish `violation_error_message` naming its
fields and a `violation_error_code` equal to its name (`tests/core/test_constraint_messages.py` checks both).
Django raises a violated constraint as a non-field error (`Model.validate_constraints`); the helpers here move
such an error onto the form field the constraint is about, so the field is marked and the GOV.UK error summary
links to it:

- the platform `ModelForm` (`core.fields`) does it for the errors of its own model's constraints;
- `core.viewtools.apply_service_errors` does it for the errors a service raises (`full_clean()` in the service);
- `core.viewtools.call_service` turns an `IntegrityError` of a constraint (a race the service's check could not
  see, or a service that saves without `full_clean()`) into the same error (`validation_error_from_integrity`).

The field is the first one the constraint names (its `fields`, or the columns its condition/expressions read),
preferring a field a person types over a status, a kind or a tick box the service sets; when none of them is on
the form, the error stays a non-field error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import IntegrityError, models
from django.db.models import BaseConstraint, CheckConstraint, F, Q, UniqueConstraint

# Columns a service sets, not a person: the error is about the other fields of the constraint.
_SET_BY_SERVICE = frozenset({"status", "state", "kind"})


def _referenced(node: Any, out: list[str]) -> list[str]:
    if isinstance(node, Q):
        for child in node.children:
            _referenced(child, out)
    elif isinstance(node, tuple) and len(node) == 2 and isinstance(node[0], str):
        out.append(node[0].split("__")[0])
        _referenced(node[1], out)
    elif isinstance(node, F):
        out.append(node.name.split("__")[0])
    elif isinstance(node, str):
        out.append(node.split("__")[0])
    elif hasattr(node, "get_source_expressions"):
        for expression in node.get_source_expressions():
            _referenced(expression, out)
    return out


def constraint_fields(model: type[models.Model], constraint: BaseConstraint) -> list[str]:
    """The model fields `constraint` is about, those a person types first."""
    names: list[str] = []
    if isinstance(constraint, UniqueConstraint):
        names.extend(constraint.fields)
        for expression in constraint.expressions:
            _referenced(expression, names)
    elif isinstance(constraint, CheckConstraint):
        _referenced(constraint.condition, names)
    typed, set_by_service = [], []
    for name in dict.fromkeys(names):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if name in _SET_BY_SERVICE or isinstance(field, models.BooleanField):
            set_by_service.append(name)
        else:
            typed.append(name)
    return typed + set_by_service


@cache
def _constraints_by_code() -> dict[str, tuple[type[models.Model], BaseConstraint]]:
    found: dict[str, tuple[type[models.Model], BaseConstraint]] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.violation_error_code:
                found[constraint.violation_error_code] = (model, constraint)
    return found


def field_for_error(
    error: ValidationError, form_fields: Iterable[str], model: type[models.Model] | None = None
) -> str | None:
    """The form field a constraint violation `error` belongs to, or None (not a constraint error / no such field)."""
    found = _constraints_by_code().get(error.code or "")
    if found is None or (model is not None and not issubclass(model, found[0])):
        return None
    fields = set(form_fields)
    return next((name for name in constraint_fields(*found) if name in fields), None)


def place_constraint_errors(
    errors: ValidationError, form_fields: Iterable[str], model: type[models.Model] | None = None
) -> ValidationError:
    """`errors` with each constraint violation moved from the non-field errors to the field it is about."""
    names = list(form_fields)
    if hasattr(errors, "error_dict"):
        placed: dict[str, list[ValidationError]] = {k: list(v) for k, v in errors.error_dict.items()}
        remaining = placed.pop(NON_FIELD_ERRORS, [])
    else:
        placed, remaining = {}, list(errors.error_list)
    kept, moved = [], False
    for error in remaining:
        target = field_for_error(error, names, model)
        if target is None:
            kept.append(error)
        else:
            placed.setdefault(target, []).append(error)
            moved = True
    if not moved:
        return errors
    if kept:
        placed[NON_FIELD_ERRORS] = kept
    return ValidationError(placed)  # type: ignore[arg-type]


_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)")


def constraint_of_integrity_error(exc: IntegrityError) -> tuple[type[models.Model], BaseConstraint] | None:
    """The constraint an `IntegrityError` reports: by name (PostgreSQL, SQLite checks and indexes) or, for a
    plain SQLite unique violation that names only columns, by the table and its columns."""
    text = str(exc)
    by_code = _constraints_by_code()
    for name in sorted(by_code, key=len, reverse=True):  # the longest first: a name may contain another
        if re.search(rf"[\"'\s]{re.escape(name)}(?:[\"'\s]|$)", text):
            return by_code[name]
    found = _SQLITE_UNIQUE.search(text)
    if found:
        columns = [c.strip() for c in found.group(1).split(",")]
        table = columns[0].split(".")[0]
        names = {c.split(".")[-1] for c in columns}
        for model, constraint in by_code.values():
            if (
                model._meta.db_table == table
                and isinstance(constraint, UniqueConstraint)
                and constraint.fields
                and {model._meta.get_field(f).column for f in constraint.fields} == names
            ):
                return model, constraint
    return None


def validation_error_from_integrity(exc: IntegrityError) -> ValidationError | None:
    """The Polish `ValidationError` of the constraint an `IntegrityError` reports (None when it is no constraint
    of ours): a value typed by a person that the database refused becomes an error at that person's field."""
    found = constraint_of_integrity_error(exc)
    if found is None:
        return None
    constraint = found[1]
    error = ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)
    return ValidationError({NON_FIELD_ERRORS: [error]})
