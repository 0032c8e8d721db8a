"""The home page: the panels each registered app gives for the roles that should see them (superusers see all)."""

from django.shortcuts import render
from django.template.loader import render_to_string

from qauipsiz.accounts.policy import roles_of
from qauipsiz.domains import domains


def panels_for(request) -> list[str]:
    """The rendered panels the user's roles call for, in their order; a panel with nothing to show is left out."""
    user = request.user
    roles = roles_of(user)
    panels = sorted((panel for domain in domains() for panel in domain.home_panels), key=lambda panel: panel.order)
    rendered = []
    for panel in panels:
        if not (user.is_superuser or roles & panel.roles):
            continue
        context = panel.context(request)
        if context is not None:
            rendered.append(render_to_string(panel.template, context, request=request))
    return rendered


def home(request):
    return render(request, "site/home.html", {"panels": panels_for(request)})
