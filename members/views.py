import contextlib
import json

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.models import Membership
from coproduction.permissions import (
    Action,
    PersonAction,
    collaboration_view,
    is_staff_like,
    may_act_on_person,
    may_see_contact_details,
    person_view,
)
from coproduction.person_pages import person_context
from members import erasure, exports, selectors, services
from members.availability_instants import PERIODS, WEEKDAYS, period_hours
from members.forms import (
    AccessNeedsForm,
    AvailabilityChangeForm,
    AvailabilityGridForm,
    CommitmentForm,
    EraseConfirmForm,
    GuardianConsentForm,
    MonitoringForm,
    ProfileForm,
    StepAwayForm,
)
from members.models import (
    AccessNeeds,
    Availability,
    AvailabilityChange,
    Channel,
    Commitment,
    GuardianConsent,
    MonitoringResponse,
    Profile,
    StepAway,
)

PERIOD_HEADERS = [
    {"key": key, "name": name, "hours": period_hours(key)} for key, (name, _, _) in PERIODS.items()
]


@require_GET
@login_required
def two_factor_required(request: HttpRequest) -> HttpResponse:
    """Explains, in plain words, why a staff role needs an authenticator app."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if is_mfa_enabled(request.user):
        return redirect(next_url or "coproduction:home")
    return render(request, "members/two_factor_required.html", {"next": next_url})


def _person_url(subject: Membership, name: str = "person-detail", **kwargs) -> str:
    return reverse(
        f"members:{name}",
        kwargs={
            "collaboration_slug": subject.collaboration.slug,
            "person_code": subject.code,
            **kwargs,
        },
    )


def _saved(
    request: HttpRequest, viewer: Membership, subject: Membership, what: str
) -> HttpResponse:
    if viewer.pk == subject.pk:
        messages.success(request, f"Saved: {what}.")
    else:
        messages.success(request, f"Saved {what} for {subject.user.shown_name}, on their behalf.")
    return redirect(_person_url(subject))


@require_GET
@collaboration_view(Action.VIEW_HOME)
def me(request: HttpRequest, membership: Membership) -> HttpResponse:
    return redirect(_person_url(membership))


@require_GET
@collaboration_view(Action.VIEW_PEOPLE)
def person_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    people = selectors.people_of_collaboration(membership.collaboration)
    return render(
        request,
        "members/person_list.html",
        {"collaboration": membership.collaboration, "people": people},
    )


@require_GET
@person_view(PersonAction.VIEW)
def person_detail(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    page = selectors.person_page(viewer, subject)
    weekly = set(page.availability.weekly) if page.availability else set()
    channels = [Channel(c).label.lower() for c in (page.profile.channels if page.profile else [])]
    return render(
        request,
        "members/person_detail.html",
        person_context(
            viewer,
            subject,
            page=page,
            weekly=weekly,
            weekdays=list(enumerate(WEEKDAYS)),
            period_headers=PERIOD_HEADERS,
            channels=channels,
            show_guardian=subject.user.is_under_18 and (viewer == subject or is_staff_like(viewer)),
            may_safeguard=may_act_on_person(viewer, subject, PersonAction.SAFEGUARDING),
            may_erase=may_act_on_person(viewer, subject, PersonAction.ERASE),
        ),
    )


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def person_profile_edit(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    if not may_see_contact_details(viewer, subject):
        raise PermissionDenied("Only staff with a current enhanced DBS check can see this.")
    instance = Profile.objects.filter(user=subject.user).first() or Profile(user=subject.user)
    form = ProfileForm(
        request.POST if request.method == "POST" else None, instance=instance, user=subject.user
    )
    if request.method == "POST" and form.is_valid():
        services.profile_save(
            user=subject.user,
            data=form.cleaned_data,
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        return _saved(request, viewer, subject, "contact details and profile")
    return render(request, "members/profile_form.html", person_context(viewer, subject, form=form))


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def person_access_needs_edit(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    instance = AccessNeeds.objects.filter(user=subject.user).first() or AccessNeeds(
        user=subject.user
    )
    form = AccessNeedsForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.access_needs_save(user=subject.user, data=form.cleaned_data)
        return _saved(request, viewer, subject, "access needs")
    return render(
        request, "members/access_needs_form.html", person_context(viewer, subject, form=form)
    )


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def person_commitment_create(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    form = CommitmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.commitment_save(user=subject.user, data=form.cleaned_data)
        return _saved(request, viewer, subject, "the commitment")
    return render(
        request, "members/commitment_form.html", person_context(viewer, subject, form=form)
    )


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def person_commitment_edit(
    request: HttpRequest, viewer: Membership, subject: Membership, code
) -> HttpResponse:
    commitment = get_object_or_404(Commitment, code=code, user=subject.user)
    if viewer.pk != subject.pk and not commitment.share_reason:
        raise PermissionDenied("This commitment is private: only they can change it.")
    form = CommitmentForm(request.POST if request.method == "POST" else None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        services.commitment_save(user=subject.user, data=form.cleaned_data, commitment=commitment)
        return _saved(request, viewer, subject, "the commitment")
    return render(
        request,
        "members/commitment_form.html",
        person_context(viewer, subject, form=form, commitment=commitment),
    )


@require_POST
@person_view(PersonAction.EDIT)
def person_commitment_delete(
    request: HttpRequest, viewer: Membership, subject: Membership, code
) -> HttpResponse:
    commitment = get_object_or_404(Commitment, code=code, user=subject.user)
    services.commitment_delete(commitment=commitment)
    messages.success(request, "The commitment was removed.")
    return redirect(_person_url(subject))


def _availability_page(request, viewer, subject, *, grid_data=None, change_data=None) -> tuple:
    """The usual-week grid and the one-off change form: one page, two forms."""
    availability = Availability.objects.filter(user=subject.user).first()
    initial = dict.fromkeys(availability.weekly, True) if availability else {}
    grid = AvailabilityGridForm(grid_data, initial=initial)
    change = AvailabilityChangeForm(change_data)

    def page() -> HttpResponse:
        changes = AvailabilityChange.objects.filter(
            user=subject.user, date__gte=timezone.localdate()
        )
        return render(
            request,
            "members/availability_form.html",
            person_context(
                viewer,
                subject,
                form=grid,
                change_form=change,
                changes=changes,
                period_headers=PERIOD_HEADERS,
            ),
        )

    return grid, change, page


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def person_availability_edit(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    grid, _, page = _availability_page(request, viewer, subject, grid_data=data)
    if data is not None and grid.is_valid():
        services.availability_set_weekly(user=subject.user, cells=grid.cells())
        return _saved(request, viewer, subject, "usual availability")
    return page()


@require_POST
@person_view(PersonAction.EDIT)
def person_availability_change_create(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    _, change, page = _availability_page(request, viewer, subject, change_data=request.POST)
    if change.is_valid():
        services.availability_change_add(user=subject.user, data=change.cleaned_data)
        return _saved(request, viewer, subject, "the change to your availability")
    return page()


@require_POST
@person_view(PersonAction.EDIT)
def person_availability_change_delete(
    request: HttpRequest, viewer: Membership, subject: Membership, code
) -> HttpResponse:
    change = get_object_or_404(AvailabilityChange, code=code, user=subject.user)
    services.availability_change_delete(change=change)
    messages.success(request, "The change was removed.")
    return redirect(_person_url(subject, "person-availability-edit"))


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.EDIT)
def person_step_away(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    if StepAway.objects.filter(membership=subject, ended_on__isnull=True).exists():
        messages.info(
            request,
            "You have already stepped away." if viewer == subject else "They are already away.",
        )
        return redirect(_person_url(subject))
    form = StepAwayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(services.AlreadyAway):  # a double submit: already saved
            services.membership_step_away(membership=subject, **form.cleaned_data)
        return _saved(request, viewer, subject, "stepping away")
    return render(
        request, "members/step_away_form.html", person_context(viewer, subject, form=form)
    )


@require_POST
@person_view(PersonAction.EDIT)
def person_step_back(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    services.membership_step_back(membership=subject)
    if viewer.pk == subject.pk:
        messages.success(request, "Welcome back! You are taking part again.")
    else:
        messages.success(request, f"{subject.user.shown_name} is taking part again.")
    return redirect(_person_url(subject))


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.SELF_ONLY)
def person_monitoring_edit(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    instance = MonitoringResponse.objects.filter(membership=subject).first()
    questions = subject.collaboration.monitoring_questions.all()
    form = MonitoringForm(
        request.POST if request.method == "POST" else None, instance=instance, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        services.monitoring_save(
            membership=subject, data=form.cleaned_data, answers=form.extra_answers()
        )
        messages.success(
            request, "Thank you. Your answers are saved, apart from the rest of your details."
        )
        return redirect(_person_url(subject))
    return render(
        request,
        "members/monitoring_form.html",
        person_context(viewer, subject, form=form, answered=instance is not None),
    )


@require_POST
@person_view(PersonAction.SELF_ONLY)
def person_monitoring_withdraw(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    services.monitoring_withdraw(membership=subject)
    messages.success(request, "Your equality monitoring answers have been deleted.")
    return redirect(_person_url(subject))


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.SAFEGUARDING)
def person_guardian_consent_edit(
    request: HttpRequest, viewer: Membership, subject: Membership
) -> HttpResponse:
    instance = GuardianConsent.objects.filter(user=subject.user).first() or GuardianConsent(
        user=subject.user
    )
    form = GuardianConsentForm(
        request.POST if request.method == "POST" else None, instance=instance
    )
    if request.method == "POST" and form.is_valid():
        services.guardian_consent_save(user=subject.user, data=form.cleaned_data)
        return _saved(request, viewer, subject, "guardian consent")
    return render(
        request, "members/guardian_consent_form.html", person_context(viewer, subject, form=form)
    )


@require_GET
@person_view(PersonAction.SELF_ONLY)
def person_export(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    data = exports.person_export(subject.user)
    if request.GET.get("format") == "json":
        response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = 'attachment; filename="my-data.json"'
        return response
    return render(
        request,
        "members/person_export.html",
        person_context(
            viewer, subject, data=data, data_json=json.dumps(data, indent=2, ensure_ascii=False)
        ),
    )


@require_http_methods(["GET", "POST"])
@person_view(PersonAction.ERASE)
def person_erase(request: HttpRequest, viewer: Membership, subject: Membership) -> HttpResponse:
    if (
        Membership.objects.filter(user=subject.user)
        .exclude(collaboration=subject.collaboration)
        .exists()
    ):
        messages.error(
            request,
            "They are also in another collaboration. Only the site administrator can erase them.",
        )
        return redirect(_person_url(subject))
    form = EraseConfirmForm(
        request.POST if request.method == "POST" else None, initial={"confirm": "erase"}
    )
    if request.method == "POST" and form.is_valid():
        erasure.person_erase(user=subject.user)
        messages.success(
            request,
            "Their personal data has been erased. What the law requires us to keep remains.",
        )
        return redirect("members:person-list", subject.collaboration.slug)
    return render(request, "members/person_erase.html", person_context(viewer, subject, form=form))
