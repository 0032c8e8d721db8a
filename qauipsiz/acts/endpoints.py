"""The API endpoint of every registered act (`acts.registered.RegisteredAct`): POST with the act's input, the actor's
`signature` and each co-signer's, under `Idempotency-Key`; it answers the record as it now is.

Errors answer in the API's `ErrorOut` shape through the API root's handlers: 404 for a record the caller may not see,
403, 409 (ActionRefused), 422 (the input or a signature refused, a co-signer's under its body field).
"""


import inspect

from django.core.exceptions import ValidationError
from django.utils import translation
from ninja import Field, Router, Schema

from qauipsiz.core.api import ErrorOut, RecordId
from qauipsiz.ledger.api import SignatureIn

from .idempotency import IdempotencyKey, idempotent
from .refusals import CosignerRefused
from .registered import ActRequest, RegisteredAct, registered_acts

ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _untranslated(text) -> str:
    # The schema must not depend on the language active when it is built.
    with translation.override(None):
        return str(text)


def _camel(act: RegisteredAct) -> str:
    return "".join(part.capitalize() for part in act.api_operation_id().split("_"))


def payload_schema(act: RegisteredAct) -> type[Schema]:
    """The act's input schema with one signature field per signer (a co-signer's may be left out only to be refused
    by name); the input schema as it is when it declares them itself; None when the act takes no body at all."""
    if act.input_schema is None and not act.declaration.signers:
        return None
    declared = getattr(act.input_schema, "model_fields", {})
    missing = [signer for signer in act.declaration.signers if act.body_name(signer) not in declared]
    if act.input_schema is not None and not missing:
        return act.input_schema
    annotations, namespace = {}, {"__module__": __name__}
    for signer in missing:
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
        signature = getattr(payload, act.body_name(signer), None) if payload is not None else None
        if signature is None:
            # Left out: the service refuses it by name (a co-signer's), or does not need it (`signer.when`).
            credentials[signer.credentials] = {}
            continue
        try:
            credentials[signer.credentials] = signature.credentials()
        except ValidationError as error:
            errors[act.body_name(signer)] = error.messages
    if errors:
        raise ValidationError(errors)
    return credentials


def _inputs(act: RegisteredAct, request: ActRequest, payload) -> dict:
    if payload is None:
        return {}
    if act.api_inputs is not None:
        return act.api_inputs(request, payload)
    signature_fields = {act.body_name(signer) for signer in act.declaration.signers}
    # The values as validated (enums, nested schemas), not dumped to plain data.
    return {name: getattr(payload, name) for name in type(payload).model_fields if name not in signature_fields}


def _endpoint(act: RegisteredAct, payload_type: type[Schema]):
    def endpoint(request, record_id, payload=None, idempotency_key=None, **part_ids):
        def work():
            record = act.find(request.auth, record_id)
            part = act.part.find(record, part_ids[act.part.api_param]) if act.part is not None else None
            act_request = ActRequest(record=record, user=request.auth, part=part)
            try:
                act.call(act_request, credentials=_credentials(act, payload),
                         inputs=_inputs(act, act_request, payload))
            except CosignerRefused as error:
                signer = next((s for s in act.declaration.cosigners if (s.field_prefix or s.person) == error.prefix),
                              None)
                field = act.body_name(signer) if signer is not None else "__all__"
                raise ValidationError({field: error.messages}) from error
            return 200, act.body(request.auth, record.pk)
        return idempotent(request, idempotency_key, work)

    endpoint.__name__ = act.api_operation_id()
    endpoint.__doc__ = act.api_description or None
    # Ninja reads the parameters from the signature: the record's id, the part's (named as in the path), the body.
    keyword = inspect.Parameter.POSITIONAL_OR_KEYWORD
    parameters = [inspect.Parameter("request", keyword), inspect.Parameter("record_id", keyword, annotation=RecordId)]
    if act.part is not None:
        parameters.append(inspect.Parameter(act.part.api_param, keyword, annotation=RecordId))
    if payload_type is not None:
        parameters.append(inspect.Parameter("payload", keyword, annotation=payload_type))
    parameters.append(inspect.Parameter("idempotency_key", keyword, annotation=IdempotencyKey, default=None))
    endpoint.__signature__ = inspect.Signature(parameters)
    return endpoint


def act_router() -> Router:
    """One router holding the endpoint of every registered act, at its `api_route()` (added at the API's root)."""
    router = Router()
    for act in registered_acts():
        router.post(act.api_route(), response={200: act.body_schema, **ERRORS}, operation_id=act.api_operation_id(),
                    summary=_untranslated(act.declaration.label), tags=list(act.api_tags or (act.app_label,)))(
            _endpoint(act, payload_schema(act)))
    return router
