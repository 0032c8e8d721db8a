from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpResponseRedirect

from qauipsiz import transactions

from .models import ApiToken, RoleGrant, User
from .services import grants_saved_in_admin, user_recorded


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["organisation", "division", "contractor"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """The installation's superusers edit accounts here too: each change is ledgered as the pages' services ledger it
    (accounts and role grants are in the checked state), inside the admin's own transaction."""

    inlines = [RoleGrantInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        obj._qauipsiz_admin_action = "accounts.user.changed" if change else "accounts.user.created"

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleGrant:
            return super().save_formset(request, form, formset, change)
        saved = formset.save(commit=False)
        grants_saved_in_admin(by=request.user, user=form.instance, saved=saved, deleted=formset.deleted_objects)
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # After the grants: the account is recorded in the books of every organisation it now belongs to.
        user_recorded(by=request.user, user=form.instance,
                      action=getattr(form.instance, "_qauipsiz_admin_action", "accounts.user.changed"))

    def user_change_password(self, request, id, form_url=""):
        return transactions.atomic(self._password_changed)(request, id, form_url)

    def _password_changed(self, request, id, form_url):
        # Django's own view saves the new password without save_model: the ledger entry goes with it here.
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and isinstance(response, HttpResponseRedirect):
            user_recorded(by=request.user, user=User.objects.get(pk=id), action="accounts.user.password_set")
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "hint", "created_at", "last_used_at", "key_hash"]
    search_fields = ["name", "user__username"]
