"""A test-only page with the signing fields in a form, for the browser test of ncalayer.js (`@pytest.mark.urls`).

GET shows the form; POST answers what the browser submitted, as JSON.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.urls import path

from qauipsiz.ledger.forms import SignatureForm

CONTENT = {"record": "permits.permit", "id": 7, "number": "НД-2026-0001", "text": "Жұмысқа рұқсат / Допуск разрешаю"}

PAGE = """{% load i18n %}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign</title></head><body>
<form method="post" id="permit">{% csrf_token %}
  {% include "ledger/_sign_fields.html" with sign_form=form sign_content=content %}
  <button type="submit" name="action" value="admit" data-sign-submit>{% translate "Sign" %}</button>
</form>
</body></html>"""


@login_not_required
def sign_page(request):
    if request.method == "POST":
        return JsonResponse({key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"})
    template = engines["django"].from_string(PAGE)
    return HttpResponse(template.render({"form": SignatureForm(), "content": CONTENT}, request))


urlpatterns = [path("sign/", sign_page, name="sign")]
