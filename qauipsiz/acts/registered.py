"""An act registered once, in the domain's `Domain(acts=[...])`: from it the site makes the act's page (acts.web) and
its API endpoint (acts.endpoints), and the record's page lists it when it can succeed now.

    RegisteredAct(declaration=APPROVE, domain=TOY_ACTS, model="toydomain.toyrecord", find=find_toy,
                  service=toy_approve, form=ApproveForm, input_schema=ApproveIn, body=toy_body,
                  body_schema=ToyRecordOut, record_url=toy_url, summary_template="toydomain/_summary.html")

The service is called with the record, the user and each signer's credentials under the signer's `credentials`
keyword, and the act's input as keywords: `service(record=..., by=..., credentials={...}, note="...")`, the way the
permit services take them. Its refusals are the typed ones of `acts.refusals`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied

from qauipsiz.domains import domains

from .declarations import ActDeclaration, Signer
from .refusals import ActionRefused


@dataclass(frozen=True)
class RegisteredAct:
    """- `declaration`: the act as data; `domain`: the `ActDomain` its records are gated and signed by;
    - `model`: the label of the record type (`app.model`); `find(user, pk)`: the record if the user may see it, else
      Http404;
    - `service`: the one service that performs it, given the record under `record_keyword` (the permit services take
      `permit=`); `subject(record)`: what the act is about, as its content names it;
    - `form`: the Django form of the act's own input (None: none), built as `form(data, **form_kwargs(record, user))`;
      its cleaned data goes to the service as keywords;
    - `input_schema`: the ninja Schema of the same input for the API; `body(user, pk)` and `body_schema`: the record's
      answer after the act;
    - `record_url(record)`: the record's page; `summary_template`: the record's summary on the act's page (given
      `record`);
    - `offered(user, record)`: the act's own guards, to offer it only when it can succeed (default: the gate alone);
    - `cosigner(record, signer)`: the person who co-signs (default: the domain's `signer_person`);
    - `page_path`, `api_path`, `operation_id`, `api_tags`: where its page and endpoint live (defaults below), so that
      existing addresses can be kept; `body_names`: the body field of each signer's signature, by its `credentials`
      keyword (default: `signature` for the actor, `<person>_signature` for a co-signer).
    """

    declaration: ActDeclaration
    domain: Any
    model: str
    find: Callable[[Any, int], Any]
    service: Callable[..., Any]
    record_url: Callable[[Any], str]
    body: Callable[[Any, int], dict]
    body_schema: Any
    form: Any = None
    form_kwargs: Callable[[Any, Any], dict] | None = None
    input_schema: Any = None
    record_keyword: str = "record"
    subject: Callable[[Any], Any] | None = None
    summary_template: str = ""
    offered: Callable[[Any, Any], bool] | None = None
    cosigner: Callable[[Any, Signer], Any] | None = None
    page_path: str = ""
    api_path: str = ""
    operation_id: str = ""
    api_tags: tuple[str, ...] = ()
    body_names: dict = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.declaration.code

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def url_name(self) -> str:
        """The page's URL name in the `acts` namespace."""
        return f"{self.model.replace('.', '-')}-{self.code}"

    def page_route(self) -> str:
        return self.page_path or f"{self.app_label}/{self.model.split('.')[1]}/<int:pk>/{self.code}/"

    def api_route(self) -> str:
        return self.api_path or f"/{self.app_label}/{self.model.split('.')[1]}/{{record_id}}/{self.code}"

    def api_operation_id(self) -> str:
        return self.operation_id or f"{self.model.replace('.', '_')}_{self.code}"

    def body_name(self, signer: Signer) -> str:
        default = f"{signer.person}_signature" if signer.is_cosigner else "signature"
        return self.body_names.get(signer.credentials, default)

    def cosigner_of(self, record, signer: Signer):
        if self.cosigner is not None:
            return self.cosigner(record, signer)
        return self.domain.signer_person(record, signer.person)

    def available(self, user, record) -> bool:
        """Can the user take the act on the record now (gate, then the act's own guards)?"""
        try:
            self.domain.gate(user, self.declaration, record)
        except (PermissionDenied, ActionRefused):
            return False
        return self.offered is None or self.offered(user, record)


def registered_acts(model: str | None = None) -> list[RegisteredAct]:
    """Every act the domains registered (for records of `model` only, if given), in registration order."""
    return [act for domain in domains() for act in domain.acts if model is None or act.model == model]


def acts_for(user, record) -> list[RegisteredAct]:
    """The registered acts the user may take on the record now: the record page's action list."""
    return [act for act in registered_acts(record._meta.label_lower) if act.available(user, record)]
