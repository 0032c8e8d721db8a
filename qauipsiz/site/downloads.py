"""The handshake that tells a page its download has begun (issue 11: "Preparing the file…" on PDF and XLSX links).

A printed permit or a year's register takes seconds to render, and a link gives no sign meanwhile. progress.js shows
"Preparing the file…" on a link marked `data-download` and follows it with `download_token=<random>`; this middleware
answers such a request with a cookie named after the token, whatever the response, so the page knows the file (or
the error page) has arrived. The cookie holds nothing but "1", lives two minutes, and is readable by the page's
script only because that is its purpose.
"""

import re

TOKEN = re.compile(r"[0-9a-f]{16,64}")
PARAMETER = "download_token"


class DownloadTokenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = request.GET.get(PARAMETER, "")
        if request.method == "GET" and TOKEN.fullmatch(token):
            response.set_cookie(f"download-{token}", "1", max_age=120, samesite="Lax", secure=request.is_secure(),
                                httponly=False)
        return response
