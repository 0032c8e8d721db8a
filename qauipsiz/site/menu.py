"""The main menu, composed from each registered app's `menu(user)`: sections with the same key (Administration)
gather the entries of every app that contributes to them, in registration order; sections are placed by `order`."""

from django.urls import reverse

from qauipsiz.domains import domains


def menu_for(user) -> list[dict]:
    sections: dict[str, dict] = {}
    for domain in domains():
        if domain.menu is None:
            continue
        for section in domain.menu(user):
            items = [{"slug": entry.slug, "label": entry.label, "url": reverse(entry.url_name, args=entry.url_args)}
                     for entry in section.entries]
            if not items:
                continue
            merged = sections.setdefault(section.key, {"title": section.title, "items": [], "order": section.order})
            merged["items"] += items
    return [{"title": s["title"], "items": s["items"]} for s in sorted(sections.values(), key=lambda s: s["order"])]


def navigation(request):
    """Template context processor: the menu of the logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_sections": menu_for(user)}
