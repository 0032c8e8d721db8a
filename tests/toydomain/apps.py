from django.apps import AppConfig


class ToyDomainConfig(AppConfig):
    name = "tests.toydomain"
    label = "toydomain"
    verbose_name = "Toy domain"

    def ready(self) -> None:
        from qauipsiz.accounts.choices import Action, Role
        from qauipsiz.accounts.policy import Scope
        from qauipsiz.acts.registered import RegisteredAct
        from qauipsiz.domains import Domain, HomePanel, MenuEntry, MenuSection, ScopeGrant, register_domain

        from .acts import (
            APPROVE,
            CONFIRM,
            TOY_ACTS,
            ApproveForm,
            ApproveIn,
            ConfirmIn,
            ToyRecordBody,
            find_toy,
            toy_body,
            toy_url,
        )
        from .retention import TOY_RULE
        from .services import toy_approve, toy_confirm
        from .views import panel_context

        register_domain(Domain(
            label="toydomain",
            scopes={"toydomain.toyrecord": ScopeGrant(Scope(organisation="organisation"),
                                                      dict.fromkeys(Role, frozenset({Action.VIEW})))},
            retention_rules={"toydomain.toyrecord": TOY_RULE},
            state_checked={"toydomain.toyrecord": "organisation"},
            menu=lambda user: [MenuSection(key="toy", title="Toy domain", order=60, entries=[
                MenuEntry(slug="toy-records", label="Toy records", url_name="toydomain:records")])],
            home_panels=[HomePanel(name="toydomain.records", template="toydomain/_panel.html", context=panel_context,
                                   roles=frozenset({Role.HEAD}))],
            urls=("toy/", "tests.toydomain.urls"),
            api_router=("/toy", "tests.toydomain.api.router"),
            acts=[RegisteredAct(declaration=APPROVE, domain=TOY_ACTS, model="toydomain.toyrecord", find=find_toy,
                                service=toy_approve, form=ApproveForm, input_schema=ApproveIn, body=toy_body,
                                body_schema=ToyRecordBody, record_url=toy_url,
                                head_template="toydomain/_summary.html"),
                  RegisteredAct(declaration=CONFIRM, domain=TOY_ACTS, model="toydomain.toyrecord", find=find_toy,
                                service=toy_confirm, input_schema=ConfirmIn, body=toy_body,
                                body_schema=ToyRecordBody, record_url=toy_url)],
        ))
