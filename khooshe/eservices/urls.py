from django.urls import path

from khooshe.eservices.views import agencies, catalogue, manage

app_name = "eservices"

urlpatterns = [
    path("", catalogue.index, name="index"),
    path("<int:pk>/", catalogue.detail, name="detail"),
    path("<int:pk>/history/", catalogue.history, name="history"),
    path("<int:pk>/edit/", manage.edit, name="edit"),
    path("<int:pk>/transactions/", manage.transactions, name="transactions"),
    path("<int:pk>/status/", manage.transition, name="transition"),
    path("<int:pk>/confirm/", manage.confirm, name="confirm"),
    path("mine/", manage.mine, name="mine"),
    path("agencies/<int:agency_pk>/new/", manage.create, name="create"),
    path("agencies/<int:pk>/", agencies.agency_catalogue, name="agency"),
    path("agencies/<int:pk>/review/", agencies.agency_review, name="agency_review"),
    path("readiness/<str:code>/", agencies.province_readiness, name="readiness"),
    path("reviews/", agencies.review_queue, name="review_queue"),
]
