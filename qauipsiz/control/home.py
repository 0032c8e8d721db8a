"""The home panels of production control (the site composes them into the home page)."""

HOME_PANELS: list = []
