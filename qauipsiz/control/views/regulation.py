"""The pages of the Regulation on production control (315 cl.5-6): its versions, a version with its sections and its
history, the narrative forms of a draft, the downloads. The approval is the act page of `registered.py`.

Who reads and who writes is the gatekeeper's (`gatekeeper.SCOPES`): an outsider gets 404, a reader who may not edit
403, and the services refuse the same again.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from qauipsiz.accounts.choices import Action
from qauipsiz.accounts.policy import can, may_act_on_type, organisation_for_adding, organisations_for, visible_to
from qauipsiz.acts.refusals import ActionRefused
from qauipsiz.acts.web import act_links
from qauipsiz.core.exports import DOCX, download
from qauipsiz.core.i18n import current_language
from qauipsiz.documents.render import pdf_response
from qauipsiz.ledger.models import LedgerEntry
from qauipsiz.ledger.signatures import signatures_of

from ..choices import RegulationStatus
from ..documents.regulation import filename, regulation_docx, regulation_pdf
from ..forms.regulation import NarrativeForm
from ..models import Regulation
from ..regulation_content import text_in
from ..regulation_texts import HEADINGS, LANGUAGES, NARRATIVES
from ..services import regulation as services

EVENTS = {
    "control.regulation.drafted": gettext_lazy("Draft started"),
    "control.regulation.narrative_changed": gettext_lazy("Wording of a section changed"),
    "control.regulation.approved": gettext_lazy("Approved and frozen"),
    "control.regulation.superseded": gettext_lazy("Superseded by a newer approved version"),
}


def find_regulation(user, pk: int) -> Regulation:
    """The version if the user may read it, else 404 (another organisation's is not there for them)."""
    return get_object_or_404(visible_to(user, Regulation).select_related("organisation", "approved_by", "based_on"),
                             pk=pk)


def _startable(user):
    """The organisations where the user may start a draft now (none open there)."""
    organisations = organisations_for(user, Action.ADD, Regulation)
    open_drafts = set(Regulation.objects.filter(status=RegulationStatus.DRAFT, organisation__in=organisations)
                      .values_list("organisation_id", flat=True))
    return [organisation for organisation in organisations if organisation.pk not in open_drafts]


@login_required
def regulation_list(request):
    if not may_act_on_type(request.user, Action.VIEW, Regulation):
        raise PermissionDenied
    versions = (visible_to(request.user, Regulation).select_related("organisation", "approved_by")
                .order_by("organisation_id", "-version"))
    return render(request, "control/regulation/list.html", {
        "versions": versions, "startable": _startable(request.user)})


@login_required
@require_POST
def regulation_start(request):
    organisation = organisation_for_adding(request.user, Regulation, request.POST.get("organisation"))
    try:
        regulation = services.regulation_start(organisation=organisation, by=request.user)
    except ActionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("control:regulation-list")
    messages.success(request, _("A new draft was started from the version in force."))
    return redirect(regulation.get_absolute_url())


def history(regulation: Regulation) -> list[dict]:
    """The version's ledger entries and its signatures, in the order of the ledger."""
    entries = LedgerEntry.objects.filter(organisation_id=regulation.organisation_id, object_type="control.regulation",
                                         object_id=str(regulation.pk)).only(
        "seq", "recorded_at", "action", "actor_name", "actor_role", "content_hash").order_by("seq")
    return [{"seq": e.seq, "at": e.recorded_at, "label": EVENTS.get(e.action, e.action), "who": e.actor_name,
             "hash": e.content_hash} for e in entries]


@login_required
def regulation_detail(request, pk: int):
    regulation = find_regulation(request.user, pk)
    language = current_language()
    editable = regulation.is_draft and can(request.user, Action.CHANGE, regulation)
    newer_draft = (Regulation.objects.filter(organisation=regulation.organisation_id, status=RegulationStatus.DRAFT)
                   .exclude(pk=regulation.pk).first())
    startable = (regulation.status == RegulationStatus.APPROVED and newer_draft is None
                 and regulation.organisation in _startable(request.user))
    return render(request, "control/regulation/detail.html", {
        "regulation": regulation, "doc": text_in(regulation, language), "editable": editable,
        "actions": act_links(request.user, regulation), "history": history(regulation),
        "signatures": list(signatures_of(regulation)), "languages": LANGUAGES, "newer_draft": newer_draft,
        "startable": startable, "pdf_hashes": sorted((regulation.pdf_sha256 or {}).items())})


@login_required
def regulation_narrative(request, pk: int, section: str):
    regulation = find_regulation(request.user, pk)
    if section not in NARRATIVES:
        raise Http404
    if not can(request.user, Action.CHANGE, regulation):
        raise PermissionDenied
    if not regulation.is_draft:
        messages.error(request, _("An approved version is frozen: start a new draft to change the wording."))
        return redirect(regulation.get_absolute_url())
    current = (regulation.narrative or {}).get(section) or NARRATIVES[section]
    initial = {f"text_{code}": current.get(code, "") for code in LANGUAGES}
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.regulation_narrative_set(regulation=regulation, by=request.user, section=section,
                                              texts=form.texts())
        except ValidationError as error:
            form.add_error(None, error)
        except ActionRefused as refusal:
            messages.error(request, str(refusal))
            return redirect(regulation.get_absolute_url())
        else:
            messages.success(request, _("The wording of the section was saved."))
            return redirect(f"{regulation.get_absolute_url()}#section-{section}")
    language = current_language()
    return render(request, "control/regulation/narrative.html", {
        "regulation": regulation, "form": form, "section": section,
        "heading": HEADINGS[section][language],
        "default": NARRATIVES[section][language]}, status=422 if form.errors else 200)


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise Http404
    return language


@login_required
def regulation_pdf_view(request, pk: int, language: str):
    regulation = find_regulation(request.user, pk)
    data = regulation_pdf(regulation, _language(language))
    return pdf_response(data, filename(regulation, language, "pdf"))


@login_required
def regulation_docx_view(request, pk: int, language: str):
    regulation = find_regulation(request.user, pk)
    data = regulation_docx(regulation, _language(language))
    return download(data, filename(regulation, language, "docx"), content_type=DOCX)
