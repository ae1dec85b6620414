"""Where uploaded files go: a Django storage chosen by alias, under keys that name their owner."""
import secrets
from contextlib import contextmanager

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import InvalidStorageError, storages
from django.db import transaction

DEFAULT_ALIAS = "default"


def upload_storage():
    """The storage named by the CARBON_XBLOCKS_STORAGE setting (a STORAGES alias; default: "default")."""
    alias = getattr(settings, "CARBON_XBLOCKS_STORAGE", DEFAULT_ALIAS)
    try:
        return storages[alias]
    except InvalidStorageError:
        return storages[DEFAULT_ALIAS]


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
