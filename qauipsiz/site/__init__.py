"""The top of the layers: the URL configuration, the API root, the menu and the home page, composed from what each app
registers in `qauipsiz.domains`. Nothing below imports this package."""
