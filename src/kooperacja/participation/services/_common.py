from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from kooperacja.core.actors import Actor, is_system


def _user(actor: Actor | None) -> Any:
    """The user to store on a record (None for the system actor)."""
    return None if actor is None or is_system(actor) else actor


def check_bounds(model: type[models.Model], **values: Any) -> None:
    """The model fields' validators (`core.bounds`: dates within 2000–2100, counts within their range) run on the
    values a service is about to write; every refusal at its field, in Polish."""
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        try:
            model._meta.get_field(name).run_validators(value)  # type: ignore[union-attr]
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
