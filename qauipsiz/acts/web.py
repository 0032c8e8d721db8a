"""The page of every registered act (`acts.registered.RegisteredAct`): GET shows the record's summary, what is signed
(readable, the canonical JSON under "Technical details"), the act's own fields and one signature block per signer;
POST performs the act through the domain's service.

Refusals: `ActionRefused` answers the refusal page (409), `PermissionDenied` the 403 page, a `ValidationError` the
form again with the errors (422), a co-signer's refusal in that co-signer's block. Success redirects to the record.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from qauipsiz.core.forms import add_service_errors
from qauipsiz.ledger.forms import SignatureForm
from qauipsiz.ledger.signatures import SignatureRefused

from .refusals import ActionRefused, CosignerRefused
from .registered import RegisteredAct, acts_for, registered_acts

NAMESPACE = "acts"


@dataclass
class SignatureBlock:
    """One signer's fields on the page: the actor's (no prefix) or a named co-signer's (its own prefix)."""

    form: SignatureForm
    person: object = None
    role: str = ""
    prefix: str = ""


def _blocks(act: RegisteredAct, record, data) -> list[SignatureBlock]:
    blocks = []
    for signer in act.declaration.signers:
        if signer.when is not None and not signer.when(record):
            continue
        if not signer.is_cosigner:
            blocks.append(SignatureBlock(form=SignatureForm(data)))
            continue
        prefix = signer.field_prefix or signer.person
        person = act.cosigner_of(record, signer)
        role = act.domain.signer_role(record, person) if person is not None else ""
        blocks.append(SignatureBlock(form=SignatureForm(data, prefix=prefix), person=person, role=role, prefix=prefix))
    return blocks


def _credentials(act: RegisteredAct, blocks: list[SignatureBlock]) -> dict:
    """Each signer's credentials under the keyword its service takes them by."""
    by_prefix = {block.prefix: block for block in blocks}
    credentials = {}
    for signer in act.declaration.signers:
        block = by_prefix.get((signer.field_prefix or signer.person) if signer.is_cosigner else "")
        if block is not None:
            credentials[signer.credentials] = block.form.credentials()
    return credentials


def _show_refusal(error: ValidationError, form, blocks: list[SignatureBlock]) -> None:
    if isinstance(error, CosignerRefused):
        target = next((b for b in blocks if b.prefix == error.prefix), None) or (blocks[-1] if blocks else None)
        if target is not None:
            target.form.add_refusal(error)
            return
    if isinstance(error, SignatureRefused) and blocks:
        blocks[0].form.add_refusal(error)
    elif form is not None:
        add_service_errors(form, error)
    elif blocks:
        blocks[0].form.add_error(None, error.messages)


def refused(request, error: ActionRefused, *, back: str):
    return render(request, "acts/refused.html", {"message": error.message, "back": back,
                                                 "title": _("The action was refused")}, status=409)


def act_page(request, pk: int, *, act: RegisteredAct):
    record = act.find(request.user, pk)
    back = act.record_url(record)
    try:
        act.domain.gate(request.user, act.declaration, record)  # PermissionDenied: the 403 page
    except ActionRefused as error:
        return refused(request, error, back=back)
    data = request.POST if request.method == "POST" else None
    form = act.form(data, **(act.form_kwargs(record, request.user) if act.form_kwargs else {})) if act.form else None
    blocks = _blocks(act, record, data)
    status = 200
    if request.method == "POST":
        valid = all([form is None or form.is_valid(), *[block.form.is_valid() for block in blocks]])
        if not valid:
            status = 400
        else:
            try:
                act.service(**{act.record_keyword: record}, by=request.user, **_credentials(act, blocks),
                            **(form.cleaned_data if form is not None else {}))
            except ActionRefused as error:
                return refused(request, error, back=back)
            except ValidationError as error:
                _show_refusal(error, form, blocks)
                status = 422
            else:
                messages.success(request, _("Done: %(act)s.") % {"act": act.declaration.label})
                return redirect(back)
    signs = bool(blocks)
    content = act.domain.content(record, act.declaration, act.subject(record) if act.subject else None) if signs else ""
    person = getattr(request.user, "person", None)
    context = {"record": record, "act": act, "act_label": act.declaration.label, "form": form, "back": back,
               "actor_block": next((b for b in blocks if not b.prefix), None),
               "cosigner_blocks": [b for b in blocks if b.prefix], "sign_content": content,
               "signer_name": getattr(person, "full_name", "") or request.user.get_username(),
               "summary_template": act.summary_template}
    return render(request, "acts/act_form.html", context, status=status)


def act_urls() -> list:
    """The page of every registered act, named `acts:<app>-<model>-<code>`; included by the site once apps are ready."""
    return [path(act.page_route(), act_page, {"act": act}, name=act.url_name) for act in registered_acts()]


def act_links(user, record) -> list[dict]:
    """The record page's action list: each act the user may take now, with its label and page address."""
    return [{"code": act.code, "label": act.declaration.label,
             "url": reverse(f"{NAMESPACE}:{act.url_name}", args=[record.pk])} for act in acts_for(user, record)]
