"""Stored files and the transactions that point to them: a file outlives no row that owned it.

- delete_after_commit(name): a row now points to another file (or none); its old file is deleted once the
  transaction that changed the row commits, and kept if it rolls back.
- keep_if_committed(name): a file was just stored for a row inside a transaction; if that transaction (or
  the savepoint it was stored in) rolls back, the file is deleted when the request or the task ends.
- track_replaced_files(model): the two above for every FileField of a model saved one row at a time (page,
  API and admin alike): a new file is kept only if its save commits, a replaced or cleared one is deleted
  after it; a deleted row's file goes after the deletion commits.
- referenced_names() and remove_unreferenced(...): the periodic clean-up's tools (reports.cleanup), through
  the storage API only (listdir, get_modified_time, delete), so they work on the local disk and in S3.

Only the storage API and Django's registry: the project package names no app (each app says which of its
models to track, and the clean-up lists the folders).
"""
import functools
import logging
import os
import threading

from celery.signals import task_postrun
from django.apps import apps
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.signals import request_finished
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_save
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

_local = threading.local()


def delete_stored(name, storage=None, reason=""):
    """Delete one stored file (and, on the local disk, the folders it leaves empty); False if it failed."""
    storage = storage or default_storage
    try:
        storage.delete(name)
    except Exception:
        logger.warning("stored file %s could not be deleted", name, exc_info=True)
        return False
    logger.info("removed stored file %s%s", name, f" ({reason})" if reason else "")
    _prune_empty_folders(storage, name)
    return True


def _prune_empty_folders(storage, name):
    """The local disk keeps a file's folders (evidence/<year>/<region>/<random>/): remove those left empty.
    Object stores have no folders."""
    if not isinstance(storage, FileSystemStorage):
        return
    root = os.path.realpath(storage.path(""))
    folder = os.path.dirname(os.path.realpath(storage.path(name)))
    while folder.startswith(root + os.sep):
        try:
            os.rmdir(folder)  # refuses a folder that is not empty
        except OSError:
            return
        folder = os.path.dirname(folder)


def delete_after_commit(name, storage=None, using=DEFAULT_DB_ALIAS):
    """Delete `name` once the current transaction commits (at once outside one); never if it rolls back."""
    if name:
        transaction.on_commit(functools.partial(delete_stored, name, storage, "replaced"), using=using)


def _pending():
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


def keep_if_committed(name, storage=None, using=DEFAULT_DB_ALIAS):
    """`name` was just stored inside a transaction: delete it when the request or task ends unless that
    transaction committed (Django has no rollback hook: the commit hook clears the name, and whatever a
    finished transaction left pending was rolled back)."""
    if not name or not connections[using].in_atomic_block:
        return
    pending = _pending()
    pending[name] = (storage, using)
    transaction.on_commit(functools.partial(pending.pop, name, None), using=using)


def discard_uncommitted(**_kwargs):
    """At the end of a request or task: delete the files whose transaction rolled back. A file whose
    transaction is still open (a test's, or a caller's) is not decided yet and stays pending."""
    pending = _pending()
    for name, (storage, using) in list(pending.items()):
        if connections[using].in_atomic_block:
            continue
        pending.pop(name, None)
        delete_stored(name, storage, "its save was rolled back")


request_finished.connect(discard_uncommitted, dispatch_uid="smartcity.files.discard_uncommitted")
task_postrun.connect(discard_uncommitted, dispatch_uid="smartcity.files.discard_uncommitted.task", weak=False)


# --- models saved one row at a time -------------------------------------------------------------------------

def _file_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def _name(instance, field):
    """The stored name the field holds ("" for none, or for a file not stored yet)."""
    value = instance.__dict__.get(field.attname)
    if isinstance(value, str):
        return value
    if value is None or not getattr(value, "_committed", False):
        return ""
    return value.name or ""


def _remember(sender, instance, **_kwargs):
    # Only fields already loaded (reading a deferred one would cost a query per row).
    instance._stored_files = {f.attname: _name(instance, f) for f in _file_fields(sender)
                              if f.attname in instance.__dict__}


def _before_save(sender, instance, raw=False, **_kwargs):
    # A file not stored yet is stored by this save (FileField.pre_save): only that one is new.
    instance._storing_files = {f.attname for f in _file_fields(sender)
                               if instance.__dict__.get(f.attname) and not _name(instance, f)}


def _after_save(sender, instance, raw=False, using=DEFAULT_DB_ALIAS, **_kwargs):
    if raw:
        return
    before = getattr(instance, "_stored_files", {})
    storing = getattr(instance, "_storing_files", set())
    for field in _file_fields(sender):
        if field.attname not in instance.__dict__:
            continue
        old, new = before.get(field.attname, ""), _name(instance, field)
        if old and old != new:
            delete_after_commit(old, field.storage, using)
        if new and field.attname in storing:
            keep_if_committed(new, field.storage, using)
    _remember(sender, instance)


def _after_delete(sender, instance, using=DEFAULT_DB_ALIAS, **_kwargs):
    for field in _file_fields(sender):
        delete_after_commit(_name(instance, field), field.storage, using)


def track_replaced_files(model):
    """Connect the replaced-file rules (module doc) to `model`; call it from the app's AppConfig.ready()."""
    uid = f"smartcity.files.{model._meta.label_lower}"
    post_init.connect(_remember, sender=model, dispatch_uid=uid)
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


# --- the periodic clean-up's tools --------------------------------------------------------------------------

def _is_history(model):
    # django-simple-history's rows keep the names of files long replaced: an audit trail, not an owner.
    return issubclass(model, HistoricalChanges)


def referenced_names():
    """Every stored name a row of a (non-history) model points to, through any of its FileFields."""
    names = set()
    for model in apps.get_models():
        if _is_history(model) or model._meta.proxy or not model._meta.managed:
            continue
        for field in _file_fields(model):
            names.update(model._base_manager.exclude(**{f"{field.attname}__isnull": True})
                         .exclude(**{field.attname: ""}).values_list(field.attname, flat=True))
    return names


def walk(storage, folder):
    """Every stored name under `folder`, through Storage.listdir (a folder that does not exist holds none)."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in sorted(files):
        yield f"{folder}/{name}"
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}")


def remove_unreferenced(folders, referenced, older_than, storage=None):
    """Delete each file under `folders` that no row points to and that was last written before `older_than`
    (a younger one may belong to a transaction still open). Returns the names removed."""
    storage = storage or default_storage
    removed = []
    for folder in folders:
        for name in list(walk(storage, folder)):
            if name in referenced:
                continue
            try:
                modified = storage.get_modified_time(name)
            except (FileNotFoundError, OSError):
                continue  # gone meanwhile
            if modified < older_than and delete_stored(name, storage, "no record points to it"):
                removed.append(name)
    return removed
