"""The domain's refusals, and where they become answers: once for the API (a DRF exception handler, named
in REST_FRAMEWORK["EXCEPTION_HANDLER"]) and once for forms (`form_errors`).

The domain raises Django's PermissionDenied (the user may not: 403), ValidationError (the input: 400),
`Conflict` (the record's state or the calendar does not allow it: 409) and models.StaleVersion (the
record changed since it was read: 409, or 412 when the version came in an If-Match header). Views,
viewsets and services raise them and never translate them by hand.
"""
from contextlib import contextmanager, nullcontext

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

from .models import StaleVersion


class Conflict(Exception):
    """The record is not in a state (or the calendar not at a date) that allows this."""

    def __init__(self, message, details=None):
        super().__init__(message)
        self.message = message
        self.details = details or {}


# --- the API --------------------------------------------------------------------------------------------


class StaleVersionConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record was changed by someone else since you read it. Read it again and retry.")
    default_code = "stale_version"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The record no longer matches If-Match. Read it again and retry.")
    default_code = "precondition_failed"


class StateConflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record is not in a state that allows this.")
    default_code = "state_conflict"


def validation_detail(error):
    """A Django ValidationError as DRF's field → messages (the rest under "detail")."""
    return error.message_dict if hasattr(error, "error_dict") else {"detail": error.messages}


def as_api_exception(exc, request=None):
    """The DRF exception a domain refusal answers with; anything else unchanged."""
    if isinstance(exc, StaleVersion):
        if_match = request is not None and request.headers.get("If-Match")
        return PreconditionFailed() if if_match else StaleVersionConflict()
    if isinstance(exc, Conflict):
        return StateConflict({"detail": exc.message, **exc.details})
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(validation_detail(exc))
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def api_exception_handler(exc, context):
    """DRF's handler, after mapping the domain's refusals (the request's transaction rolls back)."""
    return exception_handler(as_api_exception(exc, context.get("request")), context)


# --- forms ---------------------------------------------------------------------------------------------------

STALE = _("Someone else saved this record after you opened it. Your changes were not saved: "
          "reload the page to see the newer data, then make your changes again.")


def add_validation_errors(form, error):
    """A model ValidationError on the form's fields (the rest as non-field errors)."""
    if hasattr(form, "add_service_error"):  # a sheet of forms takes the messages as a whole
        form.add_service_error(error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class Refusal:
    """What `form_errors` caught: falsy while nothing was refused; `conflict` for a state refusal (409)."""

    def __init__(self):
        self.refused = False
        self.conflict = False

    def __bool__(self):
        return self.refused


@contextmanager
def form_errors(form, stale=None, atomic=True):
    """Run a save in one transaction; the domain's refusals become the form's errors and write nothing.

        with form_errors(form) as refusal:
            services.do(...)
        if not refusal: ...saved...

    PermissionDenied is not caught: it goes on to the 403 page. `form` may also be a sheet of forms
    (anything with `add_service_error(error)`). `atomic=False` for a service that commits on its own
    (one that queues work after its commit)."""
    refusal = Refusal()
    try:
        with transaction.atomic() if atomic else nullcontext():
            yield refusal
    except StaleVersion:
        refusal.refused = True
        add_validation_errors(form, DjangoValidationError(str(stale or STALE)))
    except DjangoValidationError as e:
        refusal.refused = True
        add_validation_errors(form, e)
    except Conflict as e:
        refusal.refused = refusal.conflict = True
        add_validation_errors(form, DjangoValidationError(e.message))
