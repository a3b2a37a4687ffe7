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
        """Save if the stored version is still `expected_version`, else raise StaleVersion.

        The row is locked first, so of two concurrent saves carrying the same version one wins
        and the other fails; the winner's data is never overwritten.
        """
        if self.pk is None or self._state.adding:
            self.save(**kwargs)
            return
        current = type(self)._default_manager.select_for_update().values_list("version", flat=True).get(pk=self.pk)
        if expected_version is None or int(expected_version) != current:
            raise StaleVersion(current)
        self.version = current + 1
        self.save(**kwargs)
