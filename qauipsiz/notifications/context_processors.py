from .services import unread_count


def unread_notices(request):
    """The number of the user's unread notices, for the badge in the main menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notices": unread_count(user)}
