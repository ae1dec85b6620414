"""Prepare the local LMS: completion switch, demo media, the demo accounts and their situations.

``--reset`` first deletes the demo accounts with everything they did (applications and their files, attempts,
completions, study records), so the demo starts again as `make demo` first set it up.
"""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from waffle.models import Switch

from devsite.lms.course import get_course
from devsite.lms.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    attach_demo_documents,
    complete_lessons,
    seed_application,
)
from devsite.lms.models import CourseEnrollment, CourseRole, Profile

COMPLETION_SWITCH = "completion.enable_completion_tracking"


class Command(BaseCommand):
    help = "Create the demo accounts, enrol them and put each in its situation (idempotent); --reset starts over."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true",
                            help="delete the demo accounts and all they did first, then set them up again")

    def handle(self, *args, **options):
        if options["reset"]:
            deleted = get_user_model().objects.filter(username__in=[a["username"] for a in DEMO_ACCOUNTS])
            for user in deleted:  # one by one: each deletion removes the user's stored files once it commits
                user.delete()
            self.stdout.write("Demo accounts and their data deleted.")
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
        # in the order they were submitted, so the application numbers follow it
        for account in sorted(DEMO_ACCOUNTS, key=lambda a: -DEMO_PEOPLE.get(a["username"], {}).get("days_ago", 0)):
            if account.get("application"):
                decided_by = reviewer if account["application"] != "submitted" else None
                application = seed_application(users.get(username=account["username"]), course,
                                               account["application"], decided_by)
                if application is not None and account["application"] == "submitted":
                    # the pending application, as the reviewer finds it: every document uploaded
                    attach_demo_documents(application, course_related_majors(course))
        self.stdout.write(self.style.SUCCESS(
            f"Course {course.course_key}: {len(course.block_types)} blocks; demo accounts ready "
            f"(password {DEMO_PASSWORD})."))


def course_related_majors(course):
    """The related majors the course's application form was given (its default when not set)."""
    from eligibility_form.rules import DEFAULT_RELATED_MAJORS, parse_major_list

    form = course.of_type("eligibility_form")[0]
    return parse_major_list(course.field(form, "related_majors", "") or "") or DEFAULT_RELATED_MAJORS
