"""Shared model pieces: optimistic versioning, so that two people editing one record cannot lose a save."""
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class StaleVersion(Exception):
    """The record changed since the editor loaded it."""

    def __init__(self, current):
        super().__init__(f"stale version; current is {current}")
        self.current = current


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    @transaction.atomic
    def save_versioned(self, expected_version, **kwargs):
        """Save if the stored version is still `expected_version`, else raise StaleVersion. Returns
        whether anything was written.

        The row is locked first, so of two concurrent saves carrying the same version one wins
        and the other fails; the winner's data is never overwritten. A save that changes no stored
        value writes nothing: no new version, no audit-trail row.
        """
        if self.pk is None or self._state.adding:
            self.save(**kwargs)
            return True
        fields = self.compared_fields()
        row = type(self)._default_manager.select_for_update().values("version", *fields).get(pk=self.pk)
        current = row.pop("version")
        if expected_version is None or int(expected_version) != current:
            raise StaleVersion(current)
        if all(self._same(name, value) for name, value in row.items()):
            self.version = current
            return False
        self.version = current + 1
        self.save(**kwargs)
        return True

    @classmethod
    def compared_fields(cls):
        """The stored values a save could change (auto-updated timestamps are a consequence, not a change)."""
        return [f.attname for f in cls._meta.concrete_fields
                if not f.primary_key and f.attname != "version" and not getattr(f, "auto_now", False)]

    def _same(self, attname, stored):
        value = getattr(self, attname)
        if isinstance(value, models.fields.files.FieldFile):
            return value._committed and (value.name or "") == (stored or "")
        return value == stored
