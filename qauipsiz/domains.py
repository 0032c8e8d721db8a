"""What each app contributes to the shared mechanisms, given in one `register_domain(Domain(...))` call from its
`AppConfig.ready()`.

This module sits below every layer and imports none of them: it only keeps the specs. Each mechanism reads from it
what concerns it, when it needs it (apps become ready one after another, bottom first, so nothing can be copied out
at start-up):
- accounts.policy: `scopes` (which records each role may see and change);
- ledger: `state_checked` (records whose state `qauipsiz verify` compares with their last snapshot) and the path by
  which each record finds its organisation (`organisation_of`), used as well by retention and the services;
- ledger.retention: `retention_rules`; notifications.jobs: `jobs`; core.demo: `demo_steps`;
- notifications.outbox: `outbox_builders` (who is told what, built by the worker after an act);
- acts.readable: `content_labels` (how the keys of the content people sign read in their language);
- acts.web and acts.endpoints: `acts`, each act's page and API endpoint, composed by the site;
- site: `menu`, `home_panels`, `urls` and `api_router`, which it composes into the menu, the home page, the URL
  configuration and the API.
The domains (permits, control) register this way, and so do the shared apps below them where they have such things.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The default path from a record to its organisation: most records carry an `organisation` foreign key.
DEFAULT_ORGANISATION_PATH = "organisation"


@dataclass(frozen=True)
class MenuEntry:
    slug: str
    label: Any  # lazily translated
    url_name: str
    url_args: tuple = ()


@dataclass(frozen=True)
class MenuSection:
    """One heading of the main menu. Apps that give sections of the same `key` share one heading (Administration);
    `order` places it among the others (lower first)."""

    key: str
    title: Any  # lazily translated
    entries: Sequence[MenuEntry]
    order: int = 100


@dataclass(frozen=True)
class HomePanel:
    """A panel of the home page for the users who hold one of `roles` (superusers see every panel).

    `context(request)` returns the template's context, or None when the panel has nothing to show this user.
    """

    name: str
    template: str
    context: Callable[[Any], dict | None]
    roles: frozenset[str]
    order: int = 100


@dataclass(frozen=True)
class ScopeGrant:
    """A record type under the gatekeeper: how it reaches its organisation, division and contractor (an
    `accounts.policy.Scope`), and the actions each role has on it."""

    scope: Any
    actions_by_role: Mapping[str, frozenset]


@dataclass(frozen=True)
class Domain:
    label: str
    # model label -> ScopeGrant
    scopes: Mapping[str, ScopeGrant] = field(default_factory=dict)
    # model label -> the ledger's `RetentionRule` for records of that type
    retention_rules: Mapping[str, Any] = field(default_factory=dict)
    # job name -> callable returning a one-line summary, run by `qauipsiz tick`
    jobs: Mapping[str, Callable[[], str]] = field(default_factory=dict)
    # called with the demo loader once the register and its ledger entries are in place, in registration order
    demo_steps: Sequence[Callable[[Any], None]] = ()
    # model label -> Django lookup path from the record to its organisation ("pk" for the organisation itself)
    state_checked: Mapping[str, str] = field(default_factory=dict)
    # the user -> the menu sections (each with the entries this user may open)
    menu: Callable[[Any], Sequence[MenuSection]] | None = None
    home_panels: Sequence[HomePanel] = ()
    # (URL prefix, dotted path of the URL module), included under the language prefix
    urls: tuple[str, str] | None = None
    # (API prefix, dotted path of a ninja Router), added to the API root
    api_router: tuple[str, str] | None = None
    # outbox kind -> the builder the worker calls with the row's payload (it works out who is told and notifies them)
    outbox_builders: Mapping[str, Callable[..., None]] = field(default_factory=dict)
    # key of the signed content -> its label (lazily translated), for showing people what they sign
    content_labels: Mapping[str, Any] = field(default_factory=dict)
    # the acts registered once for their page, page action and API endpoint (`acts.registered.RegisteredAct`)
    acts: Sequence[Any] = ()
    # name -> callable: what a domain offers the others. The domains never import each other (import-linter); one
    # asks for another's service by name (`service("permits.link_accident")`), and gets a clear error if it is absent.
    services: Mapping[str, Callable[..., Any]] = field(default_factory=dict)
    # functions (person, day) -> reasons (lazily translated) that bar the person from acting in any role that day
    # (315 cl.4.7, cl.27.4: removed from work); `core.competence` adds them to every answer
    competence_bars: Sequence[Callable[[Any, Any], list]] = ()


_DOMAINS: dict[str, Domain] = {}
# Bumped on every registration, so that a mechanism that derives a table from the specs knows when to derive it again.
_generation = 0


def register_domain(domain: Domain) -> None:
    """Register (or, called again with the same label, replace) an app's contributions."""
    global _generation
    _DOMAINS[domain.label] = domain
    _generation += 1


def generation() -> int:
    return _generation


def domains() -> tuple[Domain, ...]:
    """Every registered spec, in registration order (the order of INSTALLED_APPS)."""
    return tuple(_DOMAINS.values())


def service(name: str) -> Callable[..., Any]:
    """The service another domain offers under `name`; LookupError when no registered domain offers it."""
    for domain in _DOMAINS.values():
        if name in domain.services:
            return domain.services[name]
    raise LookupError(f"no registered domain offers the service {name!r}")


def competence_bars() -> tuple[Callable[[Any, Any], list], ...]:
    return tuple(bar for domain in _DOMAINS.values() for bar in domain.competence_bars)


def state_checked() -> dict[str, str]:
    """Every state-checked model label with the path to its organisation."""
    return {label: path for domain in _DOMAINS.values() for label, path in domain.state_checked.items()}


def organisation_path(label: str) -> str:
    """The lookup path from a record of `label` to its organisation (for querysets: `{path: organisation_id}`)."""
    for domain in _DOMAINS.values():
        if label in domain.state_checked:
            return domain.state_checked[label]
    return DEFAULT_ORGANISATION_PATH


def organisation_lookups(label: str, organisation_id) -> list[dict]:
    """The `filter()` lookups, any of which puts a record of `label` in the books of `organisation_id`. A path may
    name several ways, joined by "|": a user account belongs to every organisation where it holds a role or is the
    account of a person."""
    return [{path: organisation_id} for path in organisation_path(label).split("|")]


def organisation_of(obj) -> int | None:
    """The id of the organisation whose books `obj` belongs to (None for built-in records of no organisation)."""
    *hops, last = organisation_path(obj._meta.label_lower).split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return obj.pk if last == "pk" else getattr(obj, f"{last}_id")
