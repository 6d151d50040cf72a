from django.urls import path

from khooshe.record import views

app_name = "record"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.article_create, name="article_create"),
    path("<int:pk>/", views.article_detail, name="article_detail"),
    path("<int:pk>/edit/", views.article_edit, name="article_edit"),
    path("<int:pk>/history/", views.article_history, name="article_history"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("<int:pk>/targets/", views.targets, name="targets"),
    path("<int:pk>/reprocess/", views.reprocess, name="reprocess"),
    path("suggestions/<int:pk>/<slug:action>/", views.decide, name="decide"),
]
