"""Typed refusals of an act. Each maps to one answer: pages show the message, the API answers with its status.

- `ActionRefused` (409): the act is not possible in the record's present state, or a guard of the regulation refuses it;
- `django.core.exceptions.PermissionDenied` (403): the user may not perform it;
- `django.core.exceptions.ValidationError` (422): the input is wrong (a signature refused included).
"""


class ActionRefused(Exception):
    """The act is not possible in the record's present state (answered 409). The message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)
