"""Dashboards and the year-end workbook (issue: dashboards & year-end)."""

from django.urls import path

from unionhub import dashboard

urlpatterns = [
    path("dashboard/", dashboard.officer_dashboard, name="dashboard"),
    path("dashboard/annual.xlsx", dashboard.annual_export, name="annual_export"),
    path("me/", dashboard.member_home, name="member_home"),
]
