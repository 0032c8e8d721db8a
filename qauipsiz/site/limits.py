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


class ApiLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX) and len(request.get_full_path()) > MAX_URL_LENGTH:
            return JsonResponse({"detail": _("The address is too long: at most %(limit)s characters.")
                                 % {"limit": MAX_URL_LENGTH}}, status=414)
        return self.get_response(request)
