"""Pages of the journal sub-domain (315). Filled in by its sub-domain's work."""

urlpatterns: list = []


def registered_acts() -> list:
    """This sub-domain's acts registered once (control/registered.py): page, action and API endpoint."""
    return []
