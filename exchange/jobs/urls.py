"""The jobs pages, under jobs/."""

from django.urls import path

from exchange.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.JobListView.as_view(), name="list"),
    path("<int:pk>/", views.JobDetailView.as_view(), name="detail"),
    path("<int:pk>/progress/", views.JobStatusView.as_view(), name="status"),
    path("<int:pk>/download/", views.JobDownloadView.as_view(), name="download"),
    path("<int:pk>/cancel/", views.JobCancelView.as_view(), name="cancel"),
]
