"""Learners' documents go to a private storage; a public one is refused by a system check."""
from django.core.files.storage import FileSystemStorage

from carbon_common.apps import check_private_storage
from carbon_common.storage import upload_storage


def test_default_alias_is_refused_by_the_system_check(settings):
    settings.CARBON_XBLOCKS_STORAGE = "default"
    (error,) = check_private_storage()
    assert error.id == "carbon_common.E001" and "public" in error.msg


def test_unset_means_a_private_folder_beside_media_root_with_no_url(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    del settings.CARBON_XBLOCKS_STORAGE
    storage = upload_storage()
    assert isinstance(storage, FileSystemStorage)
    assert storage.location == str(tmp_path / "carbon_xblocks_private")
    assert check_private_storage() == []


def test_a_backend_dict_works_beside_default_file_storage(settings, tmp_path):
    settings.CARBON_XBLOCKS_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                       "OPTIONS": {"location": str(tmp_path / "private")}}
    assert upload_storage().location == str(tmp_path / "private")
    assert check_private_storage() == []


def test_a_folder_inside_media_root_is_flagged(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.CARBON_XBLOCKS_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                       "OPTIONS": {"location": str(tmp_path / "uploads")}}
    (error,) = check_private_storage()
    assert "MEDIA_ROOT" in error.msg
