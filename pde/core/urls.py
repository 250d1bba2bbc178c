from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("salud/", views.health, name="health"),
    path("entes/", views.entity_list, name="entity_list"),
    path("entes/<int:pk>/", views.entity_detail, name="entity_detail"),
    path("entes/<int:pk>/personal/", views.entity_staff, name="entity_staff"),
    path("bitacora/", views.audit_log, name="audit_log"),
    path("calendario/", views.calendar, name="calendar"),
    path("calendario/nuevo/", views.calendar_add, name="calendar_add"),
]
