from django.urls import path

from khooshe.core.api.routers import IdRouter
from khooshe.loans.api import views

router = IdRouter()
router.register("programs", views.ProgramViewSet, basename="loans-program")
router.register("applications", views.ApplicationViewSet, basename="loans-application")
router.register("loans", views.LoanViewSet, basename="loans-loan")
router.register("support-packages", views.SupportPackageViewSet, basename="loans-package")

urlpatterns = [
    path("loan-schedules/", views.LoanScheduleView.as_view(), name="loans-schedule"),
    *router.urls,
]
