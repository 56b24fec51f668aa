"""Create (or refresh) the demo staff login and print its password once."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.urls import reverse

from public.metadata import absolute


class Command(BaseCommand):
    help = "Create the demo editor login with a new random password and print it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, username, **options):
        User = get_user_model()
        password = secrets.token_urlsafe(12)
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff = True
        user.is_superuser = True  # the demo login can also manage users and settings
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name="Editor"))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo staff login ({'created' if created else 'new password'}): "
                f"user {username!r}, password {password!r}; admin at {absolute(reverse('admin:index'))}"
            )
        )
