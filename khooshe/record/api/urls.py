from khooshe.core.api.routers import IdRouter
from khooshe.record.api import views

router = IdRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("article-suggestions", views.SuggestionViewSet, basename="article-suggestion")

urlpatterns = router.urls
