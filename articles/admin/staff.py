"""Staff logins: Django's user admin, with the site's local-time fields.

Its "last login" and "date joined" are date/time fields an administrator may edit;
``LocalTimesAdmin`` keeps a user whose last login fell in the repeated hour of a
daylight-saving change saveable, like every other date/time field of the admin.
"""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model

from articles.admin.localtime import LocalTimesAdmin

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class UserAdmin(LocalTimesAdmin, auth_admin.UserAdmin):
    pass
