"""Where a viewer picks their language and time zone (config/locale.py keeps and applies them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from config.forms import LocalePreferencesForm
from config.locale import language_valid, locale_preferences_set, locale_remember, viewer_locale


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    language, time_zone = viewer_locale(request.user)
    form = LocalePreferencesForm(request.POST or None, initial={"language": language, "time_zone": time_zone})
    if request.method == "POST" and form.is_valid():
        language, time_zone = form.cleaned_data["language"], form.cleaned_data["time_zone"]
        locale_preferences_set(user=request.user, language=language, time_zone=time_zone)
        locale_remember(request, language=language, time_zone=time_zone)
        # The message is read on the next page, which will be in the new language: say it in that language.
        with translation.override(language or translation.get_language()):
            messages.success(request, _("Your language and time zone are saved."))
        return redirect("preferences")
    return render(request, "preferences.html", {"form": form})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie, safe `next`), and for a signed-in person their saved choice too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language_valid(language):
        _saved, time_zone = viewer_locale(request.user)
        try:
            locale_preferences_set(user=request.user, language=language, time_zone=time_zone)
        except ValueError:
            pass  # a signed-in account with nowhere to keep it (a bare Django user): the cookie still holds it
        locale_remember(request, language=language, time_zone=time_zone)
    return response
