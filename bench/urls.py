"""The project's URLs plus the bench floor: a bare view behind the same middleware."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import include, path


@login_required
def floor(request):
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/floor/", floor, name="bench_floor"),
    path("", include("unionhub.urls")),
]
