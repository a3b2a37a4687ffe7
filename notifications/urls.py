from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
    path("notifications/preferences/", views.PreferencesView.as_view(), name="preferences"),
]
