"""An act registered once, in the domain's `Domain(acts=[...])`: from it the domain's URL module places the act's page
(`acts.web.act_urls`), the API root its endpoint (`acts.endpoints`), and the record's page lists it when it can succeed
now.

    RegisteredAct(declaration=APPROVE, domain=TOY_ACTS, model="toydomain.toyrecord", find=find_toy,
                  service=toy_approve, form=ApproveForm, input_schema=ApproveIn, body=toy_body,
                  body_schema=ToyRecordOut, record_url=toy_url, head_template="toydomain/_summary.html")

The service is called with the record (or the part of it the act is on), the user, each signer's credentials under
the signer's `credentials` keyword, and the act's input as keywords: `service(record=..., by=..., credentials={...},
note="...")`, the way the permit services take them. Its refusals are the typed ones of `acts.refusals`.

What a page shows may depend on the request (the crew member being briefed, the reason chosen, who signs as the
incoming shift's performer): those hooks get an `ActRequest`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from qauipsiz.domains import domains

from .declarations import ActDeclaration, Signer
from .refusals import ActionRefused


@dataclass(frozen=True)
class Part:
    """The part of a record an act is on, named in its address (the crew member briefed, the measure signed):
    `find(record, pk)` answers it or raises Http404; the service takes it under `keyword`; `api_param` is its path
    parameter in the API (`{member_id}`); the page's path names it `<int:part_pk>`."""

    keyword: str
    find: Callable[[Any, int], Any]
    api_param: str


@dataclass
class ActRequest:
    """One request for an act: the record, the part (if the act is on one), the user, and the data typed so far
    (the POST, or the GET of an htmx re-draw; empty when the page is first shown)."""

    record: Any
    user: Any
    part: Any = None
    data: Any = None

    def value(self, name: str, default=None):
        return (self.data or {}).get(name) or default


@dataclass(frozen=True)
class RegisteredAct:
    """- `declaration`: the act as data; `domain`: the `ActDomain` its records are gated and signed by;
    - `model`: the label of the record type (`app.model`); `find(user, pk)`: the record if the user may see it, else
      Http404; `part`: the `Part` of the record the act is on, if any;
    - `service`: the one service that performs it, given the record under `record_keyword` ("" when it takes only the
      part);
    - `form`: the Django form of the act's own input (None: none), built as `form(data, **form_kwargs(request))`; its
      `act_inputs()` (default: its cleaned data) goes to the service as keywords;
    - `input_schema`: the ninja Schema of the same input for the API (it may declare the signature fields itself);
      `api_inputs(request, payload)` turns it into the service's keywords (default: its fields but the signatures,
      as validated), e.g. ids into records; `body(user, pk)` and `body_schema`: the record's answer after the act;
    - `record_url(record)`: the record's page; `head_template`: the record's heading on the act's page (given
      `record`);
    - `subject(request)`: what the act is about, as its content names it; `intro(request)`: a line above the fields;
      `success_message(request, result)` and `next_url(request, result)`: what follows success (default: the label,
      the record's page); `success_level(request, result)`: the level of that message (a `django.contrib.messages`
      level; default SUCCESS), for an act that succeeds with something to heed, e.g. WARNING for an air sample
      recorded outside its limit;
    - `redraw_on`: the form fields on whose change the page re-draws what is signed and who signs (htmx);
    - `offered(user, record)`: the act's own guards, to offer it only when it can succeed (default: the gate alone);
    - `refusals(user, record)`: the reasons, in its guard's words, the act would be refused for now whatever its form
      says; the page shows the act disabled with them instead of letting it be signed and refused (default: none);
    - `cosigner(request, signer)`: the person who co-signs (default: the domain's `signer_person`);
    - `url_name`, `page_path`: the page's name in the domain's URL namespace and its path under the domain's prefix;
      `api_path`, `operation_id`, `api_tags`, `api_description`: the endpoint (defaults below), so that existing
      addresses can be kept; `body_names`: the body field of each signer's signature, by its `credentials` keyword
      (default: `signature` for the actor, `<person>_signature` for a co-signer).
    """

    declaration: ActDeclaration
    domain: Any
    model: str
    find: Callable[[Any, int], Any]
    service: Callable[..., Any]
    record_url: Callable[[Any], str]
    body: Callable[[Any, int], dict]
    body_schema: Any
    part: Part | None = None
    form: Any = None
    form_kwargs: Callable[[ActRequest], dict] | None = None
    input_schema: Any = None
    api_inputs: Callable[[ActRequest, Any], dict] | None = None
    record_keyword: str = "record"
    subject: Callable[[ActRequest], Any] | None = None
    intro: Callable[[ActRequest], str] | None = None
    success_message: Callable[[ActRequest, Any], str] | None = None
    success_level: Callable[[ActRequest, Any], int] | None = None
    next_url: Callable[[ActRequest, Any], str] | None = None
    redraw_on: tuple[str, ...] = ()
    head_template: str = "acts/_record_head.html"
    offered: Callable[[Any, Any], bool] | None = None
    refusals: Callable[[Any, Any], list[str]] | None = None
    cosigner: Callable[[ActRequest, Signer], Any] | None = None
    url_name: str = ""
    page_path: str = ""
    api_path: str = ""
    operation_id: str = ""
    api_tags: tuple[str, ...] = ()
    api_description: str = ""
    body_names: dict = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.declaration.code

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.model.split(".")[1]

    @property
    def page_name(self) -> str:
        """The page's URL name in the domain's namespace."""
        return self.url_name or f"{self.model_name}-{self.code}"

    def page_route(self) -> str:
        return self.page_path or f"{self.model_name}/<int:pk>/{self.code}/"

    def api_route(self) -> str:
        return self.api_path or f"/{self.app_label}/{self.model_name}/{{record_id}}/{self.code}"

    def api_operation_id(self) -> str:
        return self.operation_id or f"{self.model.replace('.', '_')}_{self.code}"

    def body_name(self, signer: Signer) -> str:
        default = f"{signer.person}_signature" if signer.is_cosigner else "signature"
        return self.body_names.get(signer.credentials, default)

    def cosigner_of(self, request: ActRequest, signer: Signer):
        if self.cosigner is not None:
            return self.cosigner(request, signer)
        return self.domain.signer_person(request.record, signer.person)

    def subject_of(self, request: ActRequest):
        return self.subject(request) if self.subject is not None else None

    def call(self, request: ActRequest, *, credentials: dict, inputs: dict):
        """The service, given the record or its part, the user, the signers' credentials and the act's input."""
        targets = {}
        if self.record_keyword:
            targets[self.record_keyword] = request.record
        if self.part is not None:
            targets[self.part.keyword] = request.part
        return self.service(**targets, by=request.user, **credentials, **inputs)

    def refusals_now(self, user, record) -> list[str]:
        """Why the act, open to the user, would be refused now (empty: it can succeed as far as the state goes)."""
        return list(self.refusals(user, record)) if self.refusals is not None else []

    def available(self, user, record) -> bool:
        """Can the user take the act on the record now (gate, then the act's own guards)?"""
        try:
            self.domain.gate(user, self.declaration, record)
        except (PermissionDenied, ActionRefused):
            return False
        return self.offered is None or self.offered(user, record)


def registered_acts(model: str | None = None, *, app_label: str | None = None) -> list[RegisteredAct]:
    """Every act the domains registered (for records of `model`, or of the app `app_label`, if given), in registration
    order."""
    return [act for domain in domains() for act in domain.acts
            if (model is None or act.model == model) and (app_label is None or act.app_label == app_label)]


def acts_for(user, record) -> list[RegisteredAct]:
    """The registered acts on the whole record the user may take now: the record page's action list."""
    return [act for act in registered_acts(record._meta.label_lower)
            if act.part is None and act.available(user, record)]
