"""Where uploaded files go: a private Django storage, under keys that name their owner.

Learners' documents (ID scans, diplomas, photos) must never be served by a public URL: the blocks hand them
out through their own permission-checked handlers. ``CARBON_XBLOCKS_STORAGE`` names the storage:

- a ``STORAGES`` alias (Django 4.2+ sites configured with ``STORAGES``);
- a dict ``{"BACKEND": "dotted.path.Storage", "OPTIONS": {...}}`` (works beside ``DEFAULT_FILE_STORAGE``,
  which Teak's settings still use, and for a private S3 bucket);
- unset: a file-system storage under ``CARBON_XBLOCKS_PRIVATE_ROOT`` (default: ``carbon_xblocks_private``
  next to ``MEDIA_ROOT``), which has no URL.

The ``"default"`` alias is refused by a system check (``carbon_common.E001``): under Tutor it is
``/openedx/media``, which the web server serves without authentication.
"""
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InvalidStorageError, storages
from django.db import transaction

DEFAULT_ALIAS = "default"


_BUILT = {}


def upload_storage():
    """The private storage ``CARBON_XBLOCKS_STORAGE`` names (see the module's docstring)."""
    import os

    configured = getattr(settings, "CARBON_XBLOCKS_STORAGE", None)
    if isinstance(configured, str):
        try:
            return storages[configured]
        except InvalidStorageError:
            raise InvalidStorageError(f"CARBON_XBLOCKS_STORAGE names no storage: {configured!r}")
    if configured is None:
        root = getattr(settings, "CARBON_XBLOCKS_PRIVATE_ROOT", None) or os.path.join(
            os.path.dirname(os.path.abspath(str(settings.MEDIA_ROOT or "media"))), "carbon_xblocks_private")
        configured = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                      "OPTIONS": {"location": root, "base_url": None}}
    key = repr(sorted(configured.items()))
    if key not in _BUILT:
        _BUILT[key] = storages.create_storage(configured)
    return _BUILT[key]


def storage_problems():
    """System-check messages about the upload storage (public by configuration, or not found)."""
    configured = getattr(settings, "CARBON_XBLOCKS_STORAGE", None)
    if configured == DEFAULT_ALIAS:
        return ["CARBON_XBLOCKS_STORAGE is 'default', the site's public media storage: learners' identity "
                "documents would be served to anyone holding a URL. Name a private storage."]
    try:
        storage = upload_storage()
    except InvalidStorageError as error:
        return [str(error)]
    if isinstance(storage, FileSystemStorage) and os_path_within(storage.location, str(settings.MEDIA_ROOT or "")):
        return [f"CARBON_XBLOCKS_STORAGE keeps files under MEDIA_ROOT ({storage.location}), which a site may serve "
                "publicly. Keep learners' documents outside it."]
    return []


def os_path_within(path, root):
    import os

    if not root:
        return False
    path, root = os.path.abspath(path), os.path.abspath(root)
    return path == root or path.startswith(root + os.sep)


def owner_prefix(usage_key, anonymous_id):
    """Keys of one learner's files in one block: course / block / learner."""
    course = str(usage_key.context_key).replace(":", "_").replace("+", "_")
    block = usage_key.block_id
    return f"carbon_xblocks/{course}/{usage_key.block_type}/{block}/{anonymous_id}"


def save_upload(usage_key, anonymous_id, kind, extension, content):
    """Store `content` (bytes) and return its key: owner prefix + kind + a random part."""
    key = f"{owner_prefix(usage_key, anonymous_id)}/{kind}-{secrets.token_hex(12)}.{extension}"
    return upload_storage().save(key, ContentFile(content))


def open_upload(key):
    return upload_storage().open(key, "rb")


def delete_upload(key):
    storage = upload_storage()
    if key and storage.exists(key):
        storage.delete(key)


def delete_upload_on_commit(key):
    """Delete the file once the current transaction commits (at once outside one).

    Call it where the row naming ``key`` is deleted or replaced: if the transaction rolls back, the row
    still names its file and the file is still there.
    """
    if key:
        transaction.on_commit(lambda: delete_upload(key))


@contextmanager
def discard_on_failure(key):
    """Delete the freshly saved ``key`` when the block raises (its row was never written): no orphan files."""
    try:
        yield key
    except BaseException:
        delete_upload(key)
        raise
