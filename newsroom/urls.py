from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

admin.site.site_header = "Newsroom fact-checking"
admin.site.site_title = "Newsroom fact-checking"
admin.site.index_title = "Desk"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("newsroom.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

# JSON errors for the API when DEBUG is off; HTML for everything else.
handler404 = "newsroom.api.errors_views.not_found"
handler500 = "newsroom.api.errors_views.server_error"
