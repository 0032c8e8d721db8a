"""The database reads of an import preview done once for the whole file, not once a row (issue 11).

A preview of 1,500 rows took 16.7 s: each row looked up its division or person, its existing record, and then its
form asked the database again for every related record, for every foreign key, for the organisation choices and for
every model constraint — about ten queries a row. Here each of those questions is asked once for the file:

- `resolve_all` finds every record the file names (divisions, contractors, people, training types) in one query per
  column, matched as before: by code or by name in any language, ignoring case.
- `existing_records` finds the records the rows update in one query.
- `ImportBatch` gives every row's form the related records it may choose, read once, and checks the model's
  constraints without a query a row: check constraints in Python (with the database's rule that an unknown value
  passes), unique constraints with one query per constraint after every row was checked.

Every rule the page's form applies still applies to each row: the same form class validates it, and what it would have
asked the database is answered from the same querysets, read in bulk. Anything this module cannot answer in bulk (a
constraint it cannot read) is asked as the form would ask it.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from django.db.models.functions import Lower
from django.forms import ModelChoiceField, ModelMultipleChoiceField
from django.forms.models import construct_instance

from qauipsiz.accounts.policy import organisations_for, visible_to

from .i18n import LANGUAGE_ORDER

CHUNK = 1000  # texts a query, well under SQLite's limit of bound parameters


def _chunks(values: list, size: int = CHUNK):
    for start in range(0, len(values), size):
        yield values[start:start + size]


def _fold(value) -> str:
    return str(value or "").casefold()


def text_in(queryset, names: list[str], texts: list[str]):
    """Records whose field equals one of the texts ignoring case: `iexact` for many texts at once.

    The raw texts match exactly; their lower-case forms match the database's lower(), which on SQLite folds ASCII only,
    as its `iexact` does. The caller compares the candidates again in Python.
    """
    lowered = sorted({t.lower() for t in texts})
    query = Q()
    aliases = {}
    for name in names:
        aliases[f"_lower_{name}"] = Lower(name)
        query |= Q(**{f"{name}__in": texts}) | Q(**{f"_lower_{name}__in": lowered})
    return queryset.alias(**aliases).filter(query)


def _lookup_queryset(user, organisation, lookup, models):
    queryset = visible_to(user, lookup.model)
    if lookup.model is models.TrainingType:
        return queryset.filter(Q(organisation=organisation) | Q(organisation__isnull=True))
    return queryset.filter(organisation=organisation)


def resolve_all(user, organisation, lookup, texts, models) -> dict[str, list]:
    """For each text of a column (folded), the distinct visible records it names."""
    names = [*lookup.fields, *(f"{name}_{language}" for name in lookup.translated for language in LANGUAGE_ORDER)]
    texts = sorted(set(texts))
    wanted = {_fold(t) for t in texts}
    found: dict[str, dict] = {}
    for chunk in _chunks(texts):
        for record in text_in(_lookup_queryset(user, organisation, lookup, models), names, chunk):
            for name in names:
                folded = _fold(getattr(record, name))
                if folded in wanted:
                    found.setdefault(folded, {})[record.pk] = record
    return {text: list(records.values()) for text, records in found.items()}


def existing_records(user, spec, organisation, keyed_rows: list[dict]) -> dict[tuple, object]:
    """The visible record of the organisation each key names (the first in the model's order), read at once."""
    model = spec.resource.model
    if not keyed_rows:
        return {}
    found = {}
    text_keys = [k for k in spec.key if k not in spec.lookups]
    for chunk in _chunks(keyed_rows):
        queryset = visible_to(user, model).filter(organisation=organisation)
        for k in spec.key:
            if k in spec.lookups:
                queryset = queryset.filter(**{f"{k}__in": {row[k] for row in chunk}})
        for k in text_keys:
            queryset = text_in(queryset, [k], sorted({row[k] for row in chunk}))
        for record in queryset:
            key = tuple(str(getattr(record, f"{k}_id")) if k in spec.lookups else _fold(getattr(record, k))
                        for k in spec.key)
            found.setdefault(key, record)
    return found


class Preloaded:
    """The choices of one related field, read once: answers `get(pk=…)` as the field's queryset would.

    A `ModelChoiceField` turns the submitted id into a record with `queryset.get(pk=id)`, a query a row; this holds
    the records of the real queryset that the file can name, so the same check costs nothing.
    """

    def __init__(self, model, records, extra=None):
        self.model = model
        self._records = records
        self._extra = extra  # the record's current value, which stays a valid choice (ScopedModelForm._choices_for)

    def all(self):
        return self

    def count(self):
        return len(self._records)

    def first(self):
        return next(iter(self._records.values()), None)

    def get(self, **lookup):
        (key, value), = lookup.items()
        if key not in ("pk", self.model._meta.pk.attname):  # a form field names the key by its column ("id")
            raise self.model.DoesNotExist
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise self.model.DoesNotExist from None
        if pk in self._records:
            return self._records[pk]
        if self._extra is not None and self._extra.pk == pk:
            return self._extra
        raise self.model.DoesNotExist

    def __iter__(self):
        return iter(self._records.values())


class _Unknown(Exception):
    """A constraint this module cannot evaluate in Python: the database is asked, as Django would."""


def _value(instance, name):
    field = instance._meta.get_field(name)
    return getattr(instance, field.attname)


def _holds(condition, instance):
    """A Q of plain comparisons evaluated on the instance, in SQL's three values (None: unknown)."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            result = _holds(child, instance)
        else:
            name, expected = child
            field, _sep, lookup = name.partition("__")
            lookup = lookup or "exact"
            left = _value(instance, field)
            if isinstance(expected, F):
                if "__" in expected.name:
                    raise _Unknown
                expected = _value(instance, expected.name)
            elif hasattr(expected, "resolve_expression"):
                raise _Unknown
            if lookup == "isnull":
                result = (left is None) == bool(expected)
            elif left is None or expected is None:
                result = None
            elif lookup == "exact":
                result = left == expected
            elif lookup in ("gt", "gte", "lt", "lte"):
                result = {"gt": left > expected, "gte": left >= expected,
                          "lt": left < expected, "lte": left <= expected}[lookup]
            else:
                raise _Unknown
        results.append(result)
    if condition.connector == Q.AND:
        combined = False if False in results else None if None in results else True
    else:
        combined = True if True in results else None if None in results else False
    if condition.negated:
        combined = None if combined is None else not combined
    return combined


def _refs(condition) -> set[str]:
    names = set()
    for child in condition.children:
        if isinstance(child, Q):
            names |= _refs(child)
        else:
            names.add(child[0].split("__")[0])
            if isinstance(child[1], F):
                names.add(child[1].name.split("__")[0])
    return names


class ImportBatch:
    """What the forms of one file's rows share: the related records they may choose, and the pending unique checks."""

    def __init__(self, *, user, spec, organisation, referenced: dict[str, set], existing: list):
        self.user, self.spec, self.organisation = user, spec, organisation
        model = spec.resource.model
        self.form_class = _import_form(spec.resource.form)
        self.pending: list[tuple] = []  # (form, model class, constraint, values)
        self.organisations = {action: list(organisations_for(user, action, model)) for action in ("add", "change")}
        prototype = spec.resource.form(user=user)
        self.choices: dict[str, Preloaded] = {}
        self.current: dict[str, dict] = {}
        for name, field in prototype.fields.items():
            if not isinstance(field, ModelChoiceField) or isinstance(field, ModelMultipleChoiceField):
                continue
            if name == "organisation":
                for key, action in (("organisation", "add"), ("organisation:change", "change")):
                    self.choices[key] = Preloaded(field.queryset.model, {o.pk: o for o in self.organisations[action]})
                continue
            if name not in spec.lookups:
                continue  # a column the importer does not look up: the form's own queryset checks it, as on the page
            ids = referenced.get(name, set())
            records = {r.pk: r for r in field.queryset.filter(pk__in=ids)} if ids else {}
            self.choices[name] = Preloaded(field.queryset.model, records)
            current_ids = {getattr(r, f"{name}_id") for r in existing} - {None}
            base = spec.resource.form.base_fields[name].queryset
            self.current[name] = {r.pk: r for r in base.filter(pk__in=current_ids)} if current_ids else {}

    def form(self, data, instance):
        return self.form_class(data, instance=instance, user=self.user, batch=self)

    def choices_for(self, name, instance):
        """A field's choices for one row: the user's records read for the file, and the record's current value."""
        if name == "organisation":
            return self.choices["organisation:change" if instance.pk else "organisation"]
        preloaded = self.choices.get(name)
        if preloaded is None:
            return None
        current = getattr(instance, f"{name}_id", None) if instance.pk else None
        return Preloaded(preloaded.model, preloaded._records, self.current.get(name, {}).get(current))

    def check_constraints(self, form, exclude: set) -> None:
        instance = form.instance
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                try:
                    self._check(form, model_class, constraint, exclude)
                except _Unknown:
                    try:
                        constraint.validate(model_class, instance, exclude=exclude)
                    except ValidationError as error:
                        form._update_errors(ValidationError({NON_FIELD_ERRORS: error.error_list}))

    def _check(self, form, model_class, constraint, exclude) -> None:
        instance = form.instance
        if isinstance(constraint, CheckConstraint):
            if _refs(constraint.condition) & exclude:
                return
            if _holds(constraint.condition, instance) is False:
                form._update_errors(ValidationError(
                    {NON_FIELD_ERRORS: [ValidationError(constraint.get_violation_error_message(),
                                                        code=constraint.violation_error_code)]}))
            return
        if not isinstance(constraint, UniqueConstraint) or constraint.expressions or not constraint.fields:
            raise _Unknown
        if any(name in exclude for name in constraint.fields):
            return
        if constraint.condition is not None and not _holds(constraint.condition, instance):
            return  # the constraint does not apply to this record
        values = tuple(_value(instance, name) for name in constraint.fields)
        if constraint.nulls_distinct is not False and None in values:
            return
        self.pending.append((form, model_class, constraint, values))

    def finish(self) -> None:
        """The unique checks of every row at once: one query a constraint."""
        by_constraint: dict[tuple, list] = {}
        for entry in self.pending:
            by_constraint.setdefault((entry[1], entry[2].name), []).append(entry)
        for (model_class, _name), entries in by_constraint.items():
            constraint = entries[0][2]
            attnames = [model_class._meta.get_field(name).attname for name in constraint.fields]
            taken: dict[tuple, set] = {}
            for chunk in _chunks(entries):
                queryset = model_class._default_manager.all()
                if constraint.condition is not None:
                    queryset = queryset.filter(constraint.condition)
                for index, attname in enumerate(attnames):
                    queryset = queryset.filter(**{f"{attname}__in": {e[3][index] for e in chunk}})
                for *values, pk in queryset.values_list(*attnames, "pk"):
                    taken.setdefault(tuple(values), set()).add(pk)
            for form, _model, _constraint, values in entries:
                if taken.get(values, set()) - {form.instance.pk}:
                    form.add_error(None, _unique_message(form.instance, model_class, constraint))
        self.pending = []


def _unique_message(instance, model_class, constraint) -> ValidationError:
    # As UniqueConstraint.validate words it.
    if constraint.violation_error_message == constraint.default_violation_error_message:
        return ValidationError(instance.unique_error_message(model_class, constraint.fields))
    return ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code)


_FORMS: dict[type, type] = {}


def _import_form(form_class):
    """The page's form, validating as it does, with the database's answers taken from the batch."""
    if form_class in _FORMS:
        return _FORMS[form_class]

    class ImportForm(form_class):
        def __init__(self, *args, batch, **kwargs):
            self.batch = batch
            super().__init__(*args, **kwargs)

        def organisation_choices(self, action):
            return self.batch.choices_for("organisation", self.instance)

        def _choices_for(self, name, queryset):
            # The same choices as the page's form offers, read once for the file (none is built row by row).
            preloaded = self.batch.choices_for(name, self.instance)
            return super()._choices_for(name, queryset) if preloaded is None else preloaded

        def _post_clean(self):
            # Django's ModelForm._post_clean, with two differences: a related field is not looked up again by the
            # model (its form field found it among the user's choices, read for the batch), and the model's
            # constraints are checked by the batch.
            exclude = self._get_validation_exclusions()
            try:
                self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)
            except ValidationError as error:
                self._update_errors(error)
            related = {name for name, field in self.fields.items() if isinstance(getattr(field, "_queryset", None), Preloaded)}
            try:
                self.instance.full_clean(exclude=exclude | related, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                self._update_errors(error)
            if self._validate_unique:
                self.validate_unique()
                failed = {name for name in self._errors if name != NON_FIELD_ERRORS}
                self.batch.check_constraints(self, exclude | failed)

    ImportForm.__name__ = f"Import{form_class.__name__}"
    _FORMS[form_class] = ImportForm
    return ImportForm
