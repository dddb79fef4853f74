"""Offboarding: staff whose access has expired are signed out on their next request, wherever they are."""
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect

from agents.models import StaffProfile


class StaffAccessExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                expired = user.staff.is_expired
            except StaffProfile.DoesNotExist:
                expired = False
            if expired:
                logout(request)
                messages.info(request, "Your access has expired. Ask a team lead to extend it.")
                return redirect("login")
        return self.get_response(request)
