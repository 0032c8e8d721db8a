"""The API endpoint of every registered act (`acts.registered.RegisteredAct`): POST with the act's input, the actor's
`signature` and each co-signer's, under `Idempotency-Key`; it answers the record as it now is.

Errors answer in the API's `ErrorOut` shape through the API root's handlers: 404 for a record the caller may not see,
403, 409 (ActionRefused), 422 (the input or a signature refused, a co-signer's under its body field).
"""


from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import Field, Router, Schema

from qauipsiz.core.api import ErrorOut
from qauipsiz.ledger.api import SignatureIn

from .idempotency import IdempotencyKey, idempotent
from .refusals import CosignerRefused
from .registered import RegisteredAct, registered_acts

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _untranslated(text) -> str:
    # The schema must not depend on the language active when it is built.
    with translation.override(None):
        return str(text)


def _camel(act: RegisteredAct) -> str:
    return "".join(part.capitalize() for part in act.api_operation_id().split("_"))


def payload_schema(act: RegisteredAct) -> type[Schema]:
    """The act's input schema with one signature field per signer (a co-signer's may be left out only to be refused
    by name)."""
    annotations, namespace = {}, {"__module__": __name__}
    for signer in act.declaration.signers:
        name = act.body_name(signer)
        if signer.is_cosigner:
            annotations[name] = SignatureIn | None
            namespace[name] = Field(None, description=f"The co-signature of the record's {signer.person}.")
        else:
            annotations[name] = SignatureIn
    namespace["__annotations__"] = annotations
    return type(f"{_camel(act)}In", (act.input_schema or Schema,), namespace)


def _credentials(act: RegisteredAct, payload) -> dict:
    credentials, errors = {}, {}
    for signer in act.declaration.signers:
        signature = getattr(payload, act.body_name(signer))
        if signature is None:
            continue
        try:
            credentials[signer.credentials] = signature.credentials()
        except ValidationError as error:
            errors[act.body_name(signer)] = error.messages
    if errors:
        raise ValidationError(errors)
    return credentials


def _inputs(act: RegisteredAct, payload) -> dict:
    signature_fields = {act.body_name(signer) for signer in act.declaration.signers}
    return {name: value for name, value in payload.dict().items() if name not in signature_fields}


def _endpoint(act: RegisteredAct, payload_type: type[Schema]):
    def endpoint(request, record_id: int, payload: payload_type, idempotency_key: IdempotencyKey = None):
        def work():
            record = act.find(request.auth, record_id)
            try:
                act.service(**{act.record_keyword: record}, by=request.auth, **_credentials(act, payload),
                            **_inputs(act, payload))
            except CosignerRefused as error:
                signer = next((s for s in act.declaration.cosigners if (s.field_prefix or s.person) == error.prefix),
                              None)
                field = act.body_name(signer) if signer is not None else "__all__"
                raise ValidationError({field: error.messages}) from error
            return 200, act.body(request.auth, record.pk)
        return idempotent(request, idempotency_key, work)

    endpoint.__name__ = act.api_operation_id()
    return endpoint


def act_router() -> Router:
    """One router holding the endpoint of every registered act, at its `api_route()` (added at the API's root)."""
    router = Router()
    for act in registered_acts():
        router.post(act.api_route(), response={200: act.body_schema, **ERRORS}, operation_id=act.api_operation_id(),
                    summary=_untranslated(act.declaration.label), tags=list(act.api_tags or (act.app_label,)))(
            _endpoint(act, payload_schema(act)))
    return router
