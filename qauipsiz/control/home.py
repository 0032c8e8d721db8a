"""The home panels of production control (the site composes them into the home page)."""

HOME_PANELS: list = []


# --- Accidents under investigation; state-authority prescriptions open (315 cl.4.9, cl.26.3) ----------------------

def _state_prescriptions_panel(request):
    from . import prescription_selectors

    rows = prescription_selectors.open_for_panel(request.user)
    return {"prescriptions": rows} if rows else None


def _accidents_panel(request):
    from . import accident_selectors

    rows = list(accident_selectors.under_investigation(request.user))
    return {"accidents": rows} if rows else None


def _panels() -> list:
    from qauipsiz.accounts.choices import Role
    from qauipsiz.domains import HomePanel

    roles = frozenset({Role.HEAD, Role.FIRST_HEAD, Role.PC_OFFICIAL, Role.PC_SERVICE_HEAD, Role.PC_RESPONSIBLE})
    return [HomePanel(name="control.state_prescriptions_open", template="control/_home_state_prescriptions.html",
                      context=_state_prescriptions_panel, roles=roles, order=40),
            HomePanel(name="control.accidents_investigating", template="control/_home_accidents.html",
                      context=_accidents_panel, roles=roles, order=41)]


HOME_PANELS.extend(_panels())
