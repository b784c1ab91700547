from django.contrib import admin
from django.urls import path

admin.site.site_header = "Newsroom fact-checking"
admin.site.site_title = "Newsroom fact-checking"
admin.site.index_title = "Desk"

urlpatterns = [
    path("admin/", admin.site.urls),
]
