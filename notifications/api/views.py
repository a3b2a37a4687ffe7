"""The user's own notifications: `GET /api/v1/notifications/`, `POST /api/v1/notifications/{id}/read/`.
Nobody sees another user's notifications (they are 404)."""
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import Notification
from .serializers import NotificationSerializer


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Notification.objects.none()  # the model, for the schema; get_queryset() gives the user's own
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(user=self.request.user).order_by("-created", "-id")

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read (again: no change)."""
        notification = self.get_object()
        services.mark_read(request.user, [notification])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)
