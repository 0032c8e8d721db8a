"""The API's answer to a request too large to read: a JSON 414 for an address longer than the API takes, in the
API's error shape (`ErrorOut`), instead of whatever page the layers below would give.

(A body over DATA_UPLOAD_MAX_MEMORY_SIZE is answered 413 by the API's own exception handler, `site/api.py`: Django
raises RequestDataTooBig only when the body is read, inside the endpoint.)
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# The longest request target (path and query) the API reads. No endpoint needs more than a few hundred characters;
# gunicorn's own limit of the request line (`serve`, limit_request_line) is set above it, so that the application,
# not the server's HTML page, answers what lies between.
MAX_URL_LENGTH = 4096


def document_limits(schema: dict) -> dict:
    """State in the OpenAPI document what every operation may answer before its own code runs: 414 for an address
    longer than MAX_URL_LENGTH (this middleware), and 413 for a body over DATA_UPLOAD_MAX_MEMORY_SIZE where the
    operation takes one (`site/api.py`), both in the `ErrorOut` shape. Without them a client, or schemathesis, meets
    a status the document never mentioned."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(414, {"description": f"The address is longer than {MAX_URL_LENGTH} characters.",
                                       **error})
            if "requestBody" in operation:
                responses.setdefault(413, {"description": "The body is larger than the server accepts.", **error})
    return schema


class ApiLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX) and len(request.get_full_path()) > MAX_URL_LENGTH:
            return JsonResponse({"detail": _("The address is too long: at most %(limit)s characters.")
                                 % {"limit": MAX_URL_LENGTH}}, status=414)
        return self.get_response(request)
