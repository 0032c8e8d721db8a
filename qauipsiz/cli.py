"""The `qauipsiz` command: Django's management commands with the project's settings (`qauipsiz migrate`, `qauipsiz serve`)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qauipsiz.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
