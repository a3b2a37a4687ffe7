from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from regions.models import RoleAssignment
from smartcity.admin import ReferenceAdmin

from .models import User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 1
    raw_id_fields = ["region"]


@admin.register(User)
class UserAdmin(ReferenceAdmin, DjangoUserAdmin):
    inlines = [RoleAssignmentInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active"]
