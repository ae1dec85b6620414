"""Stand-in for the platform's user retirement signals and the two LMS retirement steps that send them.

Same names and arguments as ``openedx.core.djangoapps.user_api.accounts.signals`` (Teak): each is sent with
``sender`` and ``user``. ``carbon_common.retirement`` finds this module through the
``CARBON_XBLOCKS_RETIREMENT_SIGNALS`` setting when the platform's module is not importable.
"""
import hashlib

from django.dispatch import Signal

# providing_args=["user"]
USER_RETIRE_MAILINGS = Signal()
# providing_args=["user"]
USER_RETIRE_LMS_CRITICAL = Signal()
# providing_args=["user"]
USER_RETIRE_LMS_MISC = Signal()


class LMSAccountRetirementView:
    """The sender of ``retire_misc`` on the platform (lms: /api/user/v1/accounts/retire_misc/)."""


class AccountRetirementView:
    """The sender of ``retire`` on the platform (lms: /api/user/v1/accounts/retire/)."""


def retire(user):
    """What the platform's ``retire_misc`` then ``retire`` steps do that matters here: send the signals, then
    blank the profile name and rename and deactivate the user (``retired__user_<hash>``)."""
    from devsite.lms.models import Profile

    original_email = user.email
    retired = hashlib.sha1(f"carbon-devsite:{user.username}".encode()).hexdigest()
    USER_RETIRE_LMS_MISC.send(sender=LMSAccountRetirementView, user=user)
    USER_RETIRE_MAILINGS.send(sender=LMSAccountRetirementView, email=original_email,
                              new_email=f"retired__user_{retired}@retired.invalid", user=user)
    USER_RETIRE_LMS_CRITICAL.send(sender=AccountRetirementView, user=user)
    Profile.objects.filter(user=user).update(name="")
    user.first_name = user.last_name = ""
    user.username = f"retired__user_{retired}"
    user.email = f"retired__user_{retired}@retired.invalid"
    user.is_active = False
    user.set_unusable_password()
    user.save()
    return user
