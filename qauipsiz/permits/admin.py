"""The organisation's policy on parts of a permit held by one person, in the admin too: Order 344 is silent on it.
The page (`permits:parts-policy`) is where the organisation sets it; a change here goes through the same service, so it
is ledgered like one there, and a row is not deleted here (set the pair to the default instead)."""

from django.contrib import admin

from .models import PartsPolicy
from .services import parts_policy_set


@admin.register(PartsPolicy)
class PartsPolicyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "first", "second", "policy")
    list_filter = ("organisation", "policy")

    def get_readonly_fields(self, request, obj=None):
        return ("organisation", "first", "second") if obj else ()

    def save_model(self, request, obj, form, change):
        parts_policy_set(by=request.user, organisation_id=obj.organisation_id,
                         changes=[(obj.first, obj.second, obj.policy)])
        saved = PartsPolicy.objects.filter(organisation=obj.organisation_id, first__in=(obj.first, obj.second),
                                           second__in=(obj.first, obj.second)).first()
        obj.pk = saved.pk if saved else obj.pk

    def has_delete_permission(self, request, obj=None):
        return False
