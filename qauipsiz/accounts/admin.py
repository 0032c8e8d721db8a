from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["organisation", "division", "contractor"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (*DjangoUserAdmin.fieldsets, (None, {"fields": ("language",)}))
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_superuser"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "hint", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "hint", "created_at", "last_used_at", "key_hash"]
    search_fields = ["name", "user__username"]
