"""The toy's one act, declared as data and registered once (`apps.py`): "approve", from draft to approved, signed by
the actor with no competence role, with one input field. Its page, page action and API endpoint come from
qauipsiz/acts/ (web.py, endpoints.py)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Schema

from qauipsiz.accounts.choices import Role
from qauipsiz.accounts.policy import grants_of, visible_to
from qauipsiz.acts.declarations import ActDeclaration, Signer
from qauipsiz.acts.refusals import ActionRefused

from .models import ToyRecord

DRAFT, APPROVED, CONFIRMED = "draft", "approved", "confirmed"

APPROVE = ActDeclaration(code="approve", label="Approve the toy record", sources={DRAFT}, target=APPROVED,
                         party="head", roles={Role.HEAD},
                         signers=(Signer(purpose="approved", competence_role=None),))
# An act with a co-signer: the head confirms an approved record and its reviewer co-signs on the same device.
CONFIRM = ActDeclaration(code="confirm", label="Confirm the toy record", sources={APPROVED}, target=CONFIRMED,
                         party="head", roles={Role.HEAD},
                         signers=(Signer(purpose="confirmed"),
                                  Signer(purpose="reviewed", person="reviewer", credentials="reviewer_credentials",
                                         field_prefix="reviewer")))


class ToyActs:
    """The toy's answers to `perform()`: a head of its organisation acts, the record's reviewer co-signs; no notice."""

    def lock(self, record, declaration):
        return ToyRecord.objects.select_for_update().get(pk=record.pk)

    def gate(self, user, declaration, record) -> str:
        roles = [g.role for g in grants_of(user)
                 if g.role in declaration.roles and g.organisation_id == record.organisation_id]
        if not roles:
            raise PermissionDenied("Only a head of the organisation may approve a toy record.")
        if record.status not in declaration.sources:
            raise ActionRefused(f"A toy record that is {record.status} does not allow this: {declaration.label}.")
        return roles[0]

    def signer_person(self, record, name):
        if name == "reviewer":
            return record.reviewer
        raise LookupError(f"the toy record names no co-signer {name!r}")

    def signer_person_id(self, record, name):
        return self.signer_person(record, name).pk

    def signer_role(self, record, person):
        return "reviewer"

    def content(self, record, declaration, subject) -> dict:
        return {"toy_record": record.title, "act": declaration.code, "status": record.status}

    def sign_scope(self, record):
        return record.organisation_id, None, "toydomain.toyrecord"

    def notify(self, record, declaration, notice) -> None:
        raise LookupError("the toy's acts declare no notices")


TOY_ACTS = ToyActs()


class ApproveForm(forms.Form):
    note = forms.CharField(label="Approval note", max_length=200)


class ApproveIn(Schema):
    note: str = Field(..., min_length=1, max_length=200)


class ToyRecordBody(Schema):
    id: int
    title: str
    status: str
    note: str


def find_toy(user, pk: int) -> ToyRecord:
    return get_object_or_404(visible_to(user, ToyRecord), pk=pk)


def toy_body(user, pk: int) -> dict:
    record = ToyRecord.objects.get(pk=pk)
    return {"id": record.pk, "title": record.title, "status": record.status, "note": record.note}


def toy_url(record) -> str:
    return reverse("toydomain:detail", args=[record.pk])


class ConfirmIn(Schema):
    pass
