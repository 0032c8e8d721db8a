"""What people sign, as readable text: the signed content's items under the labels the domain supplies, in the reader's
language, with dates and times in local time (dd.mm.yyyy HH:MM, `TIME_ZONE`).

The canonical JSON stays what is signed and hashed; this is only how it is shown. Every item of the content is shown,
labelled or not (a key the domain gave no label is shown as it is), so that nothing signed is hidden from the signer.
A label may say more about its values: `Coded` (the values are codes of a choices class, shown as their labels) and
`PersonRef` (the value is a person's record id, shown with his name when the content names him elsewhere).

    readable(content, LABELS) -> [Line(label="Permit", text="12", depth=0), ...]
"""

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from qauipsiz.domains import domains
from qauipsiz.formats import local_date, local_datetime

EMPTY = "—"
# The labels of every domain's content keys, registered by the domain in its AppConfig.ready().
LABELS: dict[str, str] = {}
_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Line:
    label: str
    text: str
    depth: int


@dataclass(frozen=True)
class Coded:
    """The label of a key whose values are codes of `choices` (a Django choices class): a code reads as its label in
    the reader's language; a value that is not one of its codes is shown as it is."""
    label: Any
    choices: type

    def __str__(self) -> str:
        return str(self.label)

    def text(self, value) -> str | None:
        try:
            return str(self.choices(value).label)
        except (ValueError, TypeError):
            return None


@dataclass(frozen=True)
class PersonRef:
    """The label of a key whose value is a person's record id: it reads as the person's name, with the id, when the
    content carries that person as a dict (`{"id": ..., "name": ...}`) elsewhere; otherwise as the id."""
    label: Any

    def __str__(self) -> str:
        return str(self.label)


def register_labels(labels: dict) -> None:
    """For code outside a domain; a domain gives its labels in its `Domain(content_labels=...)`."""
    LABELS.update(labels)


def known_labels() -> dict:
    found = {key: label for domain in domains() for key, label in domain.content_labels.items()}
    return {**found, **LABELS}


def _text(value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _MOMENT.match(value):
        try:
            moment = datetime.datetime.fromisoformat(value)
        except ValueError:
            return value
        return local_datetime(moment)  # a naive moment is UTC, as canonical content writes them
    if isinstance(value, str) and _DAY.fullmatch(value):
        return local_date(datetime.date.fromisoformat(value))
    return str(value)


def _person(value: dict) -> str | None:
    """A person as the content names them: name, position (IIN aside: it is in the technical details)."""
    if isinstance(value, dict) and "name" in value:
        return ", ".join(part for part in (value.get("name"), value.get("position")) if part)
    return None


def _people(value, found: dict) -> dict:
    """The names of the people the content carries as dicts, by record id."""
    if isinstance(value, dict):
        if "id" in value and value.get("name"):
            found[value["id"]] = value["name"]
        for item in value.values():
            _people(item, found)
    elif isinstance(value, list):
        for item in value:
            _people(item, found)
    return found


def _scalar(value, entry, people: dict) -> str:
    if isinstance(entry, Coded) and isinstance(value, str):
        coded = entry.text(value)
        if coded is not None:
            return coded
    if isinstance(entry, PersonRef) and isinstance(value, int) and not isinstance(value, bool) and value in people:
        return f"{people[value]} ({value})"
    return _text(value)


def _lines(value, entry, depth: int, labels: dict, people: dict, out: list) -> None:
    label = str(entry)
    person = _person(value)
    if person is not None:
        out.append(Line(label, person, depth))
    elif isinstance(value, dict):
        out.append(Line(label, "", depth))
        for key, item in value.items():
            _lines(item, labels.get(key, key), depth + 1, labels, people, out)
    elif isinstance(value, list) and value and all(isinstance(item, dict | list) for item in value):
        out.append(Line(label, "", depth))
        for number, item in enumerate(value, start=1):
            _lines(item, str(number), depth + 1, labels, people, out)
    elif isinstance(value, list):
        out.append(Line(label, ", ".join(_scalar(item, entry, people) for item in value) or EMPTY, depth))
    else:
        out.append(Line(label, _scalar(value, entry, people), depth))


def readable(content: dict | str, labels: dict | None = None) -> list[Line]:
    """The content (a dict, or its canonical JSON text) as labelled lines, nested items indented by `depth`."""
    if isinstance(content, str):
        content = json.loads(content) if content else {}
    labels = known_labels() if labels is None else labels
    people = _people(content, {})
    out: list[Line] = []
    for key, value in content.items():
        _lines(value, labels.get(key, key), 0, labels, people, out)
    return out
