"""Choice fields for database rows that refuse an id the database could not even compare.

A 40-digit id posted in a multi-select reached `pk__in=[...]`, which overflows the 64-bit integer of SQLite
(`OverflowError`) and of PostgreSQL (`DataError: bigint out of range`): an HTTP 500 instead of a form error.
These fields check that every submitted key is a whole number within the range of the key's column before any
query and answer with the standard "Wybierz poprawną wartość" (`invalid_choice`) error otherwise.

Every form of the platform uses them: declared fields name them directly, and the `ModelForm` base below makes
them the default for the foreign keys and many-to-many fields a model form generates.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections, models
from django.forms.models import ModelFormMetaclass

from .bounds import PlausibleDate
from .constraints import place_constraint_errors

# The largest id any of our tables can hold (BigAutoField, a signed 64-bit integer on every database we run on).
MAX_ID = 2**63 - 1

_INTEGER = re.compile(r"[+-]?[0-9]{1,20}")
_AUTO_FIELDS = ("AutoField", "BigAutoField", "SmallAutoField")


def parse_id(value: Any, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`value` as an int when it is a plain decimal integer (ASCII digits) within [low, high], else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value).strip()
        if not _INTEGER.fullmatch(text):
            return None
        number = int(text)
    return number if low <= number <= high else None


def key_range(queryset: models.QuerySet[Any], to_field_name: str | None) -> tuple[int, int] | None:
    """The range of values the key column of `queryset` can hold, or None when the key is not an integer."""
    field: Any = queryset.model._meta.get_field(to_field_name) if to_field_name else queryset.model._meta.pk
    while field.is_relation:  # a multi-table child's pk or a to_field that is itself a foreign key
        field = field.target_field
    if not isinstance(field, models.IntegerField | models.AutoField):
        return None
    internal_type = field.get_internal_type()
    low, high = connections[queryset.db].ops.integer_field_range(internal_type)
    if internal_type in _AUTO_FIELDS:
        low = max(low, 1)  # the database never hands out a zero or negative automatic id
    return low, high


class _BoundedKeyMixin:
    queryset: Any
    to_field_name: str | None
    error_messages: dict[str, Any]

    def _reject_out_of_range(self, value: Any) -> None:
        if isinstance(value, models.Model):
            return
        bounds = key_range(self.queryset, self.to_field_name)
        if bounds is not None and parse_id(value, low=bounds[0], high=bounds[1]) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class ModelChoiceField(_BoundedKeyMixin, forms.ModelChoiceField):
    """`forms.ModelChoiceField` whose submitted key must fit the key column (else `invalid_choice`)."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        self._reject_out_of_range(value)
        return super().to_python(value)


class ModelMultipleChoiceField(_BoundedKeyMixin, forms.ModelMultipleChoiceField):
    """`forms.ModelMultipleChoiceField` whose every submitted key must fit the key column (else `invalid_choice`)."""

    def _check_values(self, value: Any) -> Any:
        for key in value:  # clean() has made sure it is a list or a tuple
            self._reject_out_of_range(key)
        return super()._check_values(value)


def bounded_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """`formfield_callback` for model forms: relations get the bounded choice fields above; every date is one of
    the years the platform deals with (`core.bounds.PlausibleDate`), a typo like 0202 is refused at the field."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    field = db_field.formfield(**kwargs)
    dated = isinstance(db_field, models.DateField) and field is not None  # a DateTimeField is a DateField too
    if dated and not any(isinstance(v, PlausibleDate) for v in field.validators):  # type: ignore[union-attr]
        field.validators.append(PlausibleDate())  # type: ignore[union-attr]
    return field


class _BoundedModelFormMetaclass(ModelFormMetaclass):
    """Gives every subclass's `Meta` the bounded `formfield_callback` unless it names its own."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and getattr(meta, "formfield_callback", None) is None:
            attrs["Meta"] = type("Meta", (meta,), {"formfield_callback": staticmethod(bounded_formfield)})
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_BoundedModelFormMetaclass):
    """The platform's model form: foreign keys and many-to-many fields reject out-of-range ids, and a violated
    database constraint of the model marks the field it is about (`core.constraints`)."""

    def _update_errors(self, errors: ValidationError) -> None:
        super()._update_errors(place_constraint_errors(errors, self.fields, self._meta.model))  # type: ignore[misc]


# Models whose options a long select may keep in the cache: their labels depend on the row and the language only
# (`str(row)`), and every write to them bumps the tag (`core.pagecache.watch`, in CoreConfig.ready).
CACHED_OPTIONS = {"core.Territory": "options:core.Territory"}


def _cached_pairs(choices: Any) -> list[tuple[str, str]] | None:
    """The (value, label) pairs of a model select from the cache, when its model is one of `CACHED_OPTIONS` and its
    labels are the rows' own (`str(row)`, not a form's `label_from_instance`); None otherwise."""
    import hashlib

    from django.forms.models import ModelChoiceIterator
    from django.utils.translation import get_language

    from . import pagecache

    if not isinstance(choices, ModelChoiceIterator):
        return None
    field = choices.field
    tag = CACHED_OPTIONS.get(field.queryset.model._meta.label)
    own_labels = getattr(field.label_from_instance, "__func__", None) is forms.ModelChoiceField.label_from_instance
    if tag is None or not own_labels:
        return None
    try:
        sql = str(field.queryset.query)
    except EmptyResultSet:  # a queryset that cannot print its SQL (an empty `__in`): not cached
        return None
    digest = hashlib.sha256(f"{sql}\x00{field.empty_label}\x00{field.to_field_name}".encode()).hexdigest()[:32]
    return pagecache.remembered(
        (tag,), f"{get_language()}:{digest}", lambda: [(str(value), str(label)) for value, label in choices]
    )


class _OnePassOptions:
    """Writes the `<option>` elements of a `<select>` in one pass instead of rendering a template per option:
    Django's widget templates cost ~60 µs an option, so the 2,477 gminas of TERYT took ~200 ms per page (the
    profile page at voivodeship scale, docs/performance.md §3). Same markup and attributes as Django's; no
    option groups (a choice whose label is a list is refused). The options of the models in `CACHED_OPTIONS`
    (the gminas) come from the cache: reading and labelling 2,477 rows was still ~25-40 ms a page."""

    allow_multiple_selected: bool
    choices: Any

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> Any:
        from django.forms.utils import flatatt
        from django.utils.html import conditional_escape, format_html
        from django.utils.safestring import mark_safe

        final_attrs = self.build_attrs(self.attrs, attrs)  # type: ignore[attr-defined]
        final_attrs["name"] = name
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}  # type: ignore[attr-defined]
        parts = [format_html("<select{}>", flatatt(final_attrs))]
        pairs = _cached_pairs(self.choices)
        for option_value, option_label in self.choices if pairs is None else pairs:
            if isinstance(option_label, list | tuple):
                raise TypeError("option groups are not supported by this widget")
            key = "" if option_value is None else str(option_value)
            selected = " selected" if key in chosen else ""
            parts.append(
                f'<option value="{conditional_escape(key)}"{selected}>{conditional_escape(option_label)}</option>'
            )
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label above is escaped


class LongSelect(_OnePassOptions, forms.Select):
    """A `<select>` of thousands of options (the gminas of TERYT)."""


class LongSelectMultiple(_OnePassOptions, forms.SelectMultiple):
    """A multiple `<select>` of thousands of options (the gminas a service is open to)."""
