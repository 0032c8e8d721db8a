"""`qauipsiz createadmin`: the installation's first superuser, without the demo data."""

import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

# Where a script passes the password without showing it in the process list.
ENV_NAME = "QAUIPSIZ_ADMIN_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create an installation superuser (staff and superuser). The password comes from --password, "
        f"else ${ENV_NAME}, else an interactive prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--password", help=f"Visible in the process list and shell history: prefer ${ENV_NAME} or the prompt.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive",
                            help=f"Never prompt: the password must come from --password or ${ENV_NAME}.")

    def handle(self, *args, username, email, password, interactive, **options):
        User = get_user_model()
        username = username.strip()
        email = email.strip()
        if not username:
            raise CommandError("--username must not be empty")
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"--email {email!r} is not a valid e-mail address") from None
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"A user named {username!r} already exists; choose another --username")
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"A user with the e-mail address {email!r} already exists")

        user = User(username=username, email=email, is_staff=True, is_superuser=True, is_active=True)
        try:
            # Before asking for a password, so that nobody types one for a user that cannot be created.
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise CommandError("The user is not valid:\n  " + "\n  ".join(exc.messages)) from None
        password = password or os.environ.get(ENV_NAME) or None
        if password is None:
            if not interactive:
                raise CommandError(f"--noinput needs the password in --password or ${ENV_NAME}")
            if not sys.stdin.isatty():
                # getpass would read the password from a pipe, echo and all; a script should say so explicitly.
                raise CommandError(f"No terminal to ask for the password: pass --password or ${ENV_NAME}")
            password = self.prompt_password(user)
        else:
            self.validate(password, user)

        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            # Someone created the same username or e-mail since the checks above.
            raise CommandError(f"A user named {username!r} or with the e-mail {email!r} already exists") from None
        self.stdout.write(self.style.SUCCESS(f"Superuser {username!r} created."))

    def validate(self, password: str, user) -> None:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError("The password is not acceptable:\n  " + "\n  ".join(exc.messages)) from None

    def prompt_password(self, user) -> str:
        while True:
            try:
                password = getpass.getpass("Password: ")
                again = getpass.getpass("Password (again): ")
            except (EOFError, KeyboardInterrupt):
                raise CommandError("Cancelled: no user created.") from None
            if password != again:
                self.stderr.write("The passwords do not match.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as exc:
                self.stderr.write("\n".join(exc.messages))
                continue
            return password
