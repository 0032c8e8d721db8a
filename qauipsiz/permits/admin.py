"""The organisation's policy on parts of a permit held by one person, kept in the admin: Order 344 is silent on it."""

from django.contrib import admin

from .models import PartsPolicy


@admin.register(PartsPolicy)
class PartsPolicyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "first", "second", "policy")
    list_filter = ("organisation", "policy")
