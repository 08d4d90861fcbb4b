"""Admin of users: only a superuser widens rights; passwords are never shown."""

import copy
from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, ReadOnlyPasswordHashWidget
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from participants.access import (
    is_superuser,
)
from participants.models import User

# What widens a user's rights: only a superuser changes these.
RIGHTS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


class PasswordSummaryWidget(ReadOnlyPasswordHashWidget):
    """The password's summary without the link to set it: for those who may not."""

    template_name = "admin/participants/user/password_hash.html"


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "is_staff", "is_active")
    search_fields = ("email", "full_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "language", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and not is_superuser(request.user):
            # Rights over rights stay with superusers: HR cannot widen anyone's, its own included.
            return (*readonly, *RIGHTS_FIELDS)
        return readonly

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        password = form.base_fields.get("password")
        if password is not None and not self._may_set_password(request, obj):
            # A copy: the declared field is shared by every form class made from the form.
            password = copy.copy(password)
            password.widget = PasswordSummaryWidget()
            form.base_fields["password"] = password
        return form

    def _may_set_password(self, request: HttpRequest, obj: Any) -> bool:
        return bool(is_superuser(request.user)) or (obj is not None and obj.pk == request.user.pk)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not is_superuser(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_superuser and not is_superuser(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        # Setting another's password is logging in as them: a superuser's power only.
        if not is_superuser(request.user) and str(request.user.pk) != unquote(id):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
