from django.http import HttpResponse
from django.utils.html import escape

from qauipsiz.accounts.policy import visible_to

from .models import ToyRecord


def records(request):
    titles = visible_to(request.user, ToyRecord).values_list("title", flat=True)
    return HttpResponse("<h1>Toy records</h1>" + "".join(f"<p>{escape(title)}</p>" for title in titles))


def panel_context(request) -> dict:
    return {"toy_count": visible_to(request.user, ToyRecord).count()}
