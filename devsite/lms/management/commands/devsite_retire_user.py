"""Retire a user as the platform's retirement pipeline does (retire_misc, then retire): the signals are sent."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from devsite.lms.retirement import retire


class Command(BaseCommand):
    help = "Retire USERNAME: send USER_RETIRE_LMS_MISC and USER_RETIRE_LMS_CRITICAL, then rename and deactivate."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        with transaction.atomic():
            retire(user)
        self.stdout.write(f"Retired {username} as {user.username}.")
