from django.http import HttpResponse
from django.shortcuts import render
from django.utils.html import escape

from qauipsiz.accounts.policy import visible_to
from qauipsiz.acts.web import act_links

from .acts import find_toy
from .models import ToyRecord


def records(request):
    titles = visible_to(request.user, ToyRecord).values_list("title", flat=True)
    return HttpResponse("<h1>Toy records</h1>" + "".join(f"<p>{escape(title)}</p>" for title in titles))


def panel_context(request) -> dict:
    return {"toy_count": visible_to(request.user, ToyRecord).count()}


def detail(request, pk: int):
    record = find_toy(request.user, pk)
    return render(request, "toydomain/detail.html", {"record": record, "actions": act_links(request.user, record)})
