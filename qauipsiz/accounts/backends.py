from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address (case-insensitive)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            User = get_user_model()
            match = User.objects.filter(email__iexact=username.strip()).values_list("username", flat=True).first()
            if match:
                username = match
        return super().authenticate(request, username=username, password=password, **kwargs)
