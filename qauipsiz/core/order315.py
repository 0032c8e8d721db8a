"""Order 315 (the Instruction on production control at a hazardous production facility), read from its Kazakh text.

The text is the one published in the reference bank of legal acts (`texts/order-315.kk.txt`), Kazakh
being the law. Its layout: paragraphs start indented by six spaces, and lines that do not are the paragraph's
continuation (the bank breaks lines and pages anywhere); "N-тарау." starts a chapter heading, "N." a clause, "N)" an
item. Two kinds of editorial notes are not the law's wording and are kept apart: "Ескерту." after a clause (its
amendment history) and "ЗҚАИ-ның ескертпесі!" before a clause or item (an amendment that comes into force later;
the bank gives the note only, not the new wording).

The clauses whose items are cited on their own (315 cl.4 powers of the officials, cl.6 the regulation's contents,
cl.22-23 measures, cl.26-27 information and actions) are also given as "4.11"-style clauses.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

TEXT = Path(__file__).with_name("texts") / "order-315.kk.txt"
ITEM_CLAUSES = frozenset({"4", "6", "22", "23", "26", "27"})

_CHAPTER = re.compile(r"^\d+-тарау\.")
_CLAUSE = re.compile(r"^(\d+)\.\s+(.*)$", re.S)
_ITEM = re.compile(r"^(\d+)\)\s+(.*)$", re.S)
_REPEALED = re.compile(r"^Алып тасталды\b")
_NOTE = "Ескерту."
_PENDING_NOTE = "ЗҚАИ-ның ескертпесі!"


@dataclass
class Clause:
    number: str  # "10", or "4.11" for an item
    text: str = ""
    repealed: bool = False
    notes: list[str] = field(default_factory=list)  # "Ескерту.": the amendment history
    pending: list[str] = field(default_factory=list)  # "ЗҚАИ-ның ескертпесі!": an amendment still to come


def _paragraphs(text: str) -> list[str]:
    """The paragraphs of the instruction itself (the order's own preamble and clauses, before chapter 1, left out)."""
    paragraphs: list[str] = []
    heading = started = False
    for line in text.splitlines():
        if not line.strip():
            heading = False  # a heading ends at the blank line after it; a clause's text runs over blank lines
            continue
        if _CHAPTER.match(line):
            started = heading = True
            continue
        if not started or heading:
            continue
        if line.startswith("      ") or not paragraphs:
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] = f"{paragraphs[-1]} {line.strip()}"
    return [" ".join(p.split()) for p in paragraphs]


def parse(text: str | None = None) -> list[Clause]:
    """The clauses 1-27 in order, each followed by its items where the clause is cited by item."""
    text = TEXT.read_text(encoding="utf-8") if text is None else text
    clauses: list[Clause] = []
    clause: Clause | None = None
    item: Clause | None = None
    items: dict[str, list[Clause]] = {}
    pending: list[str] = []
    note_next = False
    for paragraph in _paragraphs(text):
        if paragraph == _PENDING_NOTE:
            note_next = True
            continue
        if note_next:
            pending.append(paragraph)  # it concerns the clause or item that follows it
            note_next = False
            continue
        if paragraph.startswith(_NOTE):
            (clause.notes if clause else []).append(paragraph)
            continue
        match = _CLAUSE.match(paragraph)
        if match:
            clause, item = Clause(number=match[1], text=match[2], pending=pending), None
            pending = []
            clause.repealed = bool(_REPEALED.match(clause.text))
            clauses.append(clause)
            items[clause.number] = []
            continue
        if clause is None:
            continue
        match = _ITEM.match(paragraph)
        if match and clause.number in ITEM_CLAUSES:
            item = Clause(number=f"{clause.number}.{match[1]}", text=match[2], pending=pending)
            pending = []
            items[clause.number].append(item)
            clause.text = f"{clause.text}\n{paragraph}"
            continue
        if item is not None:
            item.text = f"{item.text}\n{paragraph}"
        clause.text = f"{clause.text}\n{paragraph}"
    ordered: list[Clause] = []
    for clause in clauses:
        ordered.append(clause)
        ordered.extend(items[clause.number])
    return ordered
