app_name = "obstacles"

urlpatterns: list = []
