from django.contrib import admin

from .models import Agency, ApiToken, RoleAssignment, User, WorkUnit


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ("user_id", "full_name", "email", "status", "is_superuser")
    search_fields = ("user_id", "full_name", "email", "nip")
    exclude = ("password",)


admin.site.register(Agency)
admin.site.register(WorkUnit)
admin.site.register(RoleAssignment)
admin.site.register(ApiToken)
