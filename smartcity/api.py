"""Base classes of the REST API: the policy gate, versioned writes (ETag / If-Match), token login."""
import copy
import logging

import redis
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from . import policy
from .exceptions import PreconditionFailed
from .net import client_ip


class PolicyViewSetMixin:
    """Lists and lookups see only what the policy lets the user see (others are 404);
    writes on a visible object the user may not change are 403, and so is creating a
    record in a region the user may not change.

    Permission comes before validation: a user who may not write a record never learns from
    validation messages what exists. Updates are checked by get_object() before the body is read;
    creates by `check_create()`, from the raw body, before the serializer validates it."""

    region_field = "region"
    # The writable field of a new record that leads to its region (a Region, or a record with `.region`).
    create_region_source = "region"

    def region_of_new(self, validated_data):
        """The region a record about to be created belongs to."""
        related = validated_data[self.create_region_source]
        return getattr(related, "region", related)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "create":
            self.check_create(request)

    def check_create(self, request):
        """403 before any validation when the user may create nothing, or nothing in the region the raw
        body names. A region (or parent record) the user cannot see is left to validation, which
        answers exactly as for one that does not exist."""
        user = request.user
        if not policy.can(user, policy.CHANGE):
            self.permission_denied(request, message=_("You may not add records to this region."))
        region = self.region_of_raw(request.data)
        if region is not None and not policy.can(user, policy.CHANGE, region):
            self.permission_denied(request, message=_("You may not add records to this region."))

    def region_of_raw(self, data):
        raw = data.get(self.create_region_source) if hasattr(data, "get") else None
        field = self.get_serializer().fields.get(self.create_region_source)
        if raw is None or field is None or field.read_only:
            return None
        try:
            related = field.run_validation(raw)
        except (exceptions.ValidationError, DjangoValidationError, TypeError, ValueError, OverflowError):
            return None
        return getattr(related, "region", related)

    def perform_create(self, serializer):
        region = self.region_of_new(serializer.validated_data)
        if not policy.can(self.request.user, policy.CHANGE, region):
            self.permission_denied(self.request, message=_("You may not add records to this region."))
        serializer.save()

    def get_queryset(self):
        return policy.restrict(super().get_queryset(), self.request.user, policy.VIEW, field=self.region_field)

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS") and not policy.can(request.user, policy.CHANGE, obj):
            self.permission_denied(request, message=_("You may view this record but not change it."))


def if_match_version(request):
    """The version an If-Match header carries (`"3"` or `W/"3"`), None without the header; a header that
    names no version is 412."""
    if_match = request.headers.get("If-Match")
    if not if_match:
        return None
    expected = if_match.strip().removeprefix("W/").strip('"')
    if not expected.isdigit():
        raise PreconditionFailed()
    return int(expected)


class VersionedViewSetMixin:
    """Reads carry an ETag of the version; an update must carry it back (If-Match or `version`).
    An update that changes nothing writes nothing and answers the version unchanged."""

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        response = Response(self.get_serializer(instance).data)
        response["ETag"] = f'"{instance.version}"'
        return response

    def perform_update(self, serializer):
        expected = if_match_version(self.request)
        if expected is None:
            expected = serializer.validated_data.pop("version", None)
            if expected is None:
                raise exceptions.ValidationError({"version": [_("Give the version you read (or an If-Match header).")]})
        serializer.validated_data.pop("version", None)
        # A stale version raises StaleVersion: 412 with If-Match, else 409 (smartcity.exceptions).
        serializer.save(expected_version=int(expected))

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response


class ScopedRelationsMixin:
    """Related fields offer only what the user may see: an unseen region, masterplan or OPD is
    "does not exist" (400), exactly as if it were not there. Fields are listed in Meta.scoped_relations."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        for name in getattr(self.Meta, "scoped_relations", ()):
            field = fields.get(name)
            if field is not None and not field.read_only and request is not None:
                field.queryset = field.queryset.visible_to(request.user)
        return fields


class ImmutableFieldsMixin:
    """Fields that fix which region a record belongs to cannot change after creation."""

    def validate(self, attrs):
        if self.instance is not None:
            errors = {name: [_("This cannot be changed after creation.")]
                      for name in getattr(self.Meta, "immutable_fields", ())
                      if name in attrs and attrs[name] != getattr(self.instance, name)}
            if errors:
                raise serializers.ValidationError(errors)
        return super().validate(attrs)


class VersionedModelSerializer(ImmutableFieldsMixin, ScopedRelationsMixin, serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, help_text=_("The version read; a stale one answers 409."))

    def update(self, instance, validated_data):
        expected = validated_data.pop("expected_version")
        for attr, value in validated_data.items():
            setattr(instance, attr, value)
        instance.save_versioned(expected)
        return instance

    def validate(self, attrs):
        """Run the model's own clean() on the record as it would be saved: one set of rules for UI and API."""
        attrs = super().validate(attrs)
        candidate = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for attr, value in attrs.items():
            if attr != "version":
                setattr(candidate, attr, value)
        try:
            candidate.clean()
        except DjangoValidationError as e:
            raise serializers.ValidationError(e.message_dict if hasattr(e, "error_dict") else list(e.messages)) from None
        return attrs

    def create(self, validated_data):
        validated_data.pop("version", None)
        return super().create(validated_data)


logger = logging.getLogger(__name__)


class CacheTolerantScopedRateThrottle(ScopedRateThrottle):
    """The scoped throttle, counting in the shared cache (Redis). While the cache is unreachable the
    rate cannot be counted: the request passes and the outage is logged, instead of a 500 for every
    API sign-in. Guessing stays limited by django-axes, which counts failures in the database."""

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except (OSError, redis.exceptions.RedisError) as e:
            logger.warning("throttle %s not counted, the cache is unreachable: %s", self.scope, e)
            return True

    def get_ident(self, request):
        # The client's address by the portal's one rule (smartcity.net), not DRF's reading of X-Forwarded-For.
        return client_ip(request)


class TokenLoginSerializer(AuthTokenSerializer):
    """DRF's token login with the username bounded as the account's is: a longer name can match no account,
    and django-axes could not even record the failed attempt (its column holds 255 characters)."""

    username = serializers.CharField(label=_("Username"), write_only=True,
                                     max_length=get_user_model()._meta.get_field("username").max_length)


class ThrottledObtainAuthToken(ObtainAuthToken):
    """POST username and password, receive {"token": …}; throttled, and counted by django-axes."""

    serializer_class = TokenLoginSerializer
    throttle_classes = [CacheTolerantScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        # No exception on bad credentials: with ATOMIC_REQUESTS a raised error would roll back
        # django-axes' record of the failure, and the lockout would never come.
        if not serializer.is_valid():
            return Response(serializer.errors, status=status.HTTP_400_BAD_REQUEST)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
