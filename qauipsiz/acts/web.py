"""The page of every registered act (`acts.registered.RegisteredAct`): GET shows the record's heading, what is signed
(readable, the canonical JSON under "Technical details"), the act's own fields and one signature block per signer;
POST performs the act through the domain's service.

Refusals: `ActionRefused` on a page being opened answers the refusal page (409); after the form was submitted, the form
again with the reason and everything entered but the passwords (409, issue 11: no dead end after signing).
`PermissionDenied` answers the 403 page, a `ValidationError` the form again with the errors (422), a co-signer's refusal
in that co-signer's block. An act whose registration says why it would be refused now (`refusals`) is shown with those
reasons and its button disabled. Success redirects to the record
(for htmx, `HX-Redirect`). An htmx GET (the record page opening the act in its action panel, or a field in
`redraw_on` changing) answers the act's card alone.

Each domain places its acts' pages in its own URL module: `urlpatterns = [..., *act_urls("permits")]`.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from qauipsiz.core.forms import add_service_errors
from qauipsiz.ledger.forms import SignatureForm
from qauipsiz.ledger.signatures import SignatureRefused

from .refusals import ActionRefused, CosignerRefused
from .registered import ActRequest, RegisteredAct, acts_for, registered_acts


@dataclass
class SignatureBlock:
    """One signer's fields on the page: the actor's (no prefix) or a named co-signer's (its own prefix)."""

    form: SignatureForm
    person: object = None
    role: str = ""
    prefix: str = ""


def _blocks(act: RegisteredAct, request: ActRequest, data) -> list[SignatureBlock]:
    """The signature blocks, bound to `data` (the POST; None when shown). The co-signer is the one `request` names
    (on a re-draw, the one chosen so far)."""
    blocks = []
    for signer in act.declaration.signers:
        if signer.when is not None and not signer.when(request.record):
            continue
        if not signer.is_cosigner:
            blocks.append(SignatureBlock(form=SignatureForm(data)))
            continue
        prefix = signer.field_prefix or signer.person
        person = act.cosigner_of(request, signer)
        role = signer.label or (act.domain.signer_role(request.record, person) if person is not None else "")
        blocks.append(SignatureBlock(form=SignatureForm(data, prefix=prefix, signer=person), person=person, role=role,
                                     prefix=prefix))
    return blocks


def _credentials(act: RegisteredAct, blocks: list[SignatureBlock]) -> dict:
    """Each signer's credentials under the keyword its service takes them by."""
    by_prefix = {block.prefix: block for block in blocks}
    credentials = {}
    for signer in act.declaration.signers:
        block = by_prefix.get((signer.field_prefix or signer.person) if signer.is_cosigner else "")
        if block is not None:
            credentials[signer.credentials] = block.form.credentials()
        elif signer.when is not None:
            credentials[signer.credentials] = {}  # not needed for this record: the service does not check it
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


def _inputs(form) -> dict:
    if form is None:
        return {}
    return form.act_inputs() if hasattr(form, "act_inputs") else dict(form.cleaned_data)


def _typed_so_far(act_request: ActRequest, field, name: str):
    """The value of `name` typed so far: every value of a field that takes several (the measures chosen), else one."""
    data = act_request.data
    if getattr(field.widget, "allow_multiple_selected", False) and hasattr(data, "getlist"):
        return data.getlist(name) or None
    return act_request.value(name)


def _build_form(act: RegisteredAct, act_request: ActRequest, page_url: str, bound):
    if act.form is None:
        return None
    form = act.form(bound, **(act.form_kwargs(act_request) if act.form_kwargs else {}))
    for name in act.redraw_on:
        # What is signed and who signs may follow this field: both are re-drawn when it changes.
        form.fields[name].widget.attrs.update({"hx-get": page_url, "hx-trigger": "change", "hx-target": "#signing",
                                               "hx-select": "#signing", "hx-swap": "outerHTML",
                                               "hx-include": "closest form"})
        value = _typed_so_far(act_request, form.fields[name], name)
        if bound is None and value is not None:
            form.initial[name] = value
    return form


def _success(request, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def act_page(request, pk: int, *, act: RegisteredAct, part_pk: int | None = None):
    record = act.find(request.user, pk)
    part = act.part.find(record, part_pk) if act.part is not None else None
    back = act.record_url(record)
    posted = request.method == "POST"
    refusal, closed = "", False
    try:
        act.domain.gate(request.user, act.declaration, record)  # PermissionDenied: the 403 page
    except ActionRefused as error:
        if not posted:
            return refused(request, error, back=back)
        # The state changed while the form was filled in: the form again, nothing lost, and no button to press.
        refusal, closed = error.message, True
    act_request = ActRequest(record=record, user=request.user, part=part,
                             data=request.POST if posted else request.GET)
    form = _build_form(act, act_request, request.path, request.POST if posted else None)
    blocks = _blocks(act, act_request, request.POST if posted else None)
    status = 200
    if closed:
        status = 409
        for bound in [form, *[block.form for block in blocks]]:
            if bound is not None:
                bound.is_valid()  # the fields as typed, shown again with their own errors
    elif posted:
        valid = all([form is None or form.is_valid(), *[block.form.is_valid() for block in blocks]])
        if not valid:
            status = 400
        else:
            try:
                result = act.call(act_request, credentials=_credentials(act, blocks), inputs=_inputs(form))
            except ActionRefused as error:
                # Issue 11: refused after signing is no dead end: the form again with the reason and everything
                # entered (a password field is never rendered back).
                refusal, status = error.message, 409
            except ValidationError as error:
                _show_refusal(error, form, blocks)
                status = 422
            else:
                level = act.success_level(act_request, result) if act.success_level else messages.SUCCESS
                messages.add_message(request, level, act.success_message(act_request, result) if act.success_message
                                     else _("Done: %(act)s.") % {"act": act.declaration.label})
                return _success(request, act.next_url(act_request, result) if act.next_url else back)
    signs = bool(blocks)
    content = act.domain.content(record, act.declaration, act.subject_of(act_request)) if signs else ""
    person = getattr(request.user, "person", None)
    context = {"record": record, "part": part, "act": act, "act_label": act.declaration.label, "form": form,
               "back": back, "intro": act.intro(act_request) if act.intro else "",
               "actor_block": next((b for b in blocks if not b.prefix), None),
               "cosigner_blocks": [b for b in blocks if b.prefix], "sign_content": content,
               "signer_name": getattr(person, "full_name", "") or request.user.get_username(),
               "head_template": act.head_template, "refusal": refusal, "closed": closed,
               # What the act's guard would refuse now: not offered for signing until it is cleared.
               "blocked_reasons": [] if closed else act.refusals_now(request.user, record)}
    if request.htmx and not request.htmx.boosted and not posted:
        return render(request, "acts/_act_card.html", context, status=status)
    return render(request, "acts/act_page.html", context, status=status)


def act_urls(app_label: str) -> list:
    """The page of every act the app registered, named `<url_name>` in the app's URL namespace and placed under
    its prefix; the app's URL module adds them to its `urlpatterns`."""
    return [path(act.page_route(), act_page, {"act": act}, name=act.page_name)
            for act in registered_acts(app_label=app_label)]


def act_url(act: RegisteredAct, record, part=None) -> str:
    args = [record.pk] if part is None else [record.pk, part.pk]
    return reverse(f"{act.app_label}:{act.page_name}", args=args)


def act_links(user, record) -> list[dict]:
    """The record page's action list: each act the user may take now, with its label and page address."""
    return [{"code": act.code, "label": act.declaration.label, "url": act_url(act, record)}
            for act in acts_for(user, record)]
