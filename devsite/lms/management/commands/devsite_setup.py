"""Prepare the local LMS: completion switch, demo media, the demo accounts and their situations."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from waffle.models import Switch

from devsite.lms.course import get_course
from devsite.lms.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, complete_lessons, seed_application
from devsite.lms.models import CourseEnrollment, CourseRole, Profile

COMPLETION_SWITCH = "completion.enable_completion_tracking"


class Command(BaseCommand):
    help = "Create the demo accounts, enrol them and put each in its situation (idempotent)."

    def handle(self, *args, **options):
        Switch.objects.update_or_create(name=COMPLETION_SWITCH, defaults={"active": True})
        course = get_course()
        from course_content.tools.make_media import generate

        generate(course.course_dir)
        users = get_user_model().objects
        for account in DEMO_ACCOUNTS:
            # As on the platform, the full name (Chinese: family name first, written whole) is the profile's
            # name; first_name/last_name stay empty.
            user, created = users.get_or_create(username=account["username"], defaults={"email": account["email"]})
            Profile.objects.update_or_create(user=user, defaults={"name": account["name"]})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
                complete_lessons(user, course, account["lessons"])
            CourseEnrollment.objects.get_or_create(user=user, course_id=str(course.course_key))
            if account["role"]:
                CourseRole.objects.get_or_create(user=user, course_id=str(course.course_key), role=account["role"])
        reviewer = users.get(username="staff")
        for account in DEMO_ACCOUNTS:
            if account.get("application"):
                seed_application(users.get(username=account["username"]), course, account["application"], reviewer)
        self.stdout.write(self.style.SUCCESS(
            f"Course {course.course_key}: {len(course.block_types)} blocks; demo accounts ready "
            f"(password {DEMO_PASSWORD})."))
