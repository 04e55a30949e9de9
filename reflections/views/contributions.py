"""Taking part without a meeting: words, photos, voice notes, journey maps and diaries,
shared with staff or everyone, linked to a session, a work area or a task; and staff writing
down what came by phone or by post, credited to the person."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduction.inputs import uuid_or_none
from coproduction.models import Membership
from coproduction.permissions import (
    Action,
    collaboration_view,
    is_staff_like,
)
from coproduction.uploads import private_file_response
from reflections import selectors, services
from reflections.forms import (
    JOURNEY_STEPS_SHOWN,
    ContributionForm,
    DiaryForm,
    JourneyStepFormSet,
    RecordedContributionForm,
    VisibilityForm,
)
from reflections.models import Contribution, Diary
from reflections.permissions import may_see_contribution
from reflections.views.actions import make_action

Kind = Contribution.Kind


@require_GET
@collaboration_view(Action.REFLECT)
def contribution_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Everything shared that this person may see, narrowed to a session, work area or task."""
    collaboration = membership.collaboration
    contributions = selectors.contributions_for(membership).exclude(
        visibility=Contribution.Visibility.ME
    )
    about = None
    for name, queryset in selectors.about_choices(membership).items():
        code = uuid_or_none(request.GET.get(name))
        if code:
            about = queryset.filter(code=code).first()
            if about is None:
                raise Http404("Nothing like that here.")
            contributions = contributions.filter(**{name: about})
            break
    return render(
        request,
        "reflections/contribution_list.html",
        {
            "collaboration": collaboration,
            "contributions": contributions[:200],
            "about": about,
            "staff": is_staff_like(membership),
        },
    )


def _linked(request, membership: Membership) -> dict:
    """Initial session, work area or task from the link that opened the form."""
    initial = {}
    for name, queryset in selectors.about_choices(membership).items():
        code = uuid_or_none(request.GET.get(name))
        found = code and queryset.filter(code=code).first()
        if found:
            initial[name] = found.pk
    return initial


def _contribution_form(request, membership: Membership, *, record: bool, diary=None):
    kind = request.GET.get("kind") if diary is None else Kind.DIARY
    kind = kind if kind in (Kind.NOTE, Kind.JOURNEY, Kind.DIARY) else Kind.NOTE
    if kind == Kind.DIARY and diary is None:
        kind = Kind.NOTE  # diary entries are added from the diary itself
    bound = request.method == "POST"
    form_class = RecordedContributionForm if record else ContributionForm
    form = form_class(
        request.POST if bound else None,
        request.FILES if bound else None,
        membership=membership,
        kind=kind,
        initial=_linked(request, membership),
    )
    steps = None
    if kind == Kind.JOURNEY:
        steps = JourneyStepFormSet(request.POST if bound else None, prefix="steps")
    if bound:
        valid = form.is_valid() & (steps is None or steps.is_valid())
        if valid:
            data = dict(form.cleaned_data)
            credited = data.pop("member", None) or membership
            via = data.pop("received_via", Contribution.Via.ONLINE)
            contribution = services.contribution_create(
                membership=credited,
                entered_by=membership.user,
                via=via,
                kind=kind,
                diary=diary,
                steps=[step.cleaned_data for step in steps if step.has_changed()] if steps else (),
                **data,
            )
            return contribution, form, steps
        if steps is not None and not steps.is_valid() and not form.errors:
            form.add_error(None, "Please check the steps marked below.")
        form.keep_files_message(request.FILES)
    return None, form, steps


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.REFLECT)
def contribution_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _contribution_page(request, membership, record=False)


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_FEEDBACK)
def contribution_record(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Staff writing down a contribution that came by phone or by post."""
    return _contribution_page(request, membership, record=True)


def _contribution_page(request, membership: Membership, *, record: bool) -> HttpResponse:
    contribution, form, steps = _contribution_form(request, membership, record=record)
    if contribution:
        messages.success(
            request, "Recorded, and credited to them." if record else "Thank you. It is saved."
        )
        return redirect(
            "reflections:contribution-detail", membership.collaboration.slug, contribution.code
        )
    return render(
        request,
        "reflections/contribution_form.html",
        {
            "collaboration": membership.collaboration,
            "form": form,
            "steps": steps,
            "steps_shown": JOURNEY_STEPS_SHOWN,
            "record": record,
            "kind": form.kind,
        },
    )


def _visible_contribution(membership: Membership, code) -> Contribution:
    contribution = (
        Contribution.objects.select_related("membership__user", "session", "work_area", "task")
        .filter(collaboration=membership.collaboration, code=code)
        .first()
    )
    if contribution is None or not may_see_contribution(membership, contribution):
        raise Http404("No such contribution.")
    return contribution


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.REFLECT)
def contribution_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    """One contribution; its author can change who sees it."""
    contribution = _visible_contribution(membership, code)
    mine = contribution.membership_id == membership.pk
    share_form = VisibilityForm(
        request.POST if request.method == "POST" else None, contribution=contribution
    )
    if request.method == "POST":
        if not mine:
            raise Http404("Only the person who gave it can change who sees it.")
        if share_form.is_valid():
            services.contribution_share(
                contribution=contribution, visibility=share_form.cleaned_data["visibility"]
            )
            messages.success(request, f"Saved: {contribution.get_visibility_display()}.")
            return redirect(
                "reflections:contribution-detail", membership.collaboration.slug, contribution.code
            )
    steps = list(contribution.steps.all())
    return render(
        request,
        "reflections/contribution_detail.html",
        {
            "collaboration": membership.collaboration,
            "contribution": contribution,
            "steps": steps,
            "journey": journey_picture(steps),
            "mine": mine,
            "share_form": share_form if mine else None,
            "staff": is_staff_like(membership),
            "action": getattr(contribution, "action", None),
        },
    )


def journey_picture(steps) -> dict | None:
    """Where to draw each step of a journey map on a simple line of feelings (an SVG 320
    wide): higher is better."""
    if not steps:
        return None
    left, right, top, bottom = 64, 304, 24, 136
    gap = (right - left) / max(len(steps) - 1, 1)
    points = []
    for index, step in enumerate(steps):
        x = left + index * gap if len(steps) > 1 else (left + right) / 2
        y = bottom - (step.feeling - 1) * (bottom - top) / 4
        points.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "number": step.position,
                "feeling": step.get_feeling_display(),
            }
        )
    return {
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "summary": "; ".join(f"step {p['number']}: {p['feeling'].lower()}" for p in points),
    }


@require_GET
@collaboration_view(Action.REFLECT)
def contribution_file(request: HttpRequest, membership: Membership, code, part) -> HttpResponseBase:
    """A contribution's photo or voice note, to those who may see the contribution."""
    contribution = _visible_contribution(membership, code)
    stored = getattr(contribution, part)  # "photo" or "voice_note", fixed by the URL
    if not stored:
        raise Http404("No such file.")
    return private_file_response(request, stored)


@require_POST
@collaboration_view(Action.VIEW_FEEDBACK)
def action_from_contribution(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    contribution = _visible_contribution(membership, code)
    if hasattr(contribution, "action"):
        messages.info(request, "This already has an action.")
    else:
        make_action(
            request,
            membership,
            contribution.title or "Look into this",
            contribution=contribution,
        )
    return redirect("reflections:action-board", membership.collaboration.slug)


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.REFLECT)
def diary_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    """This person's own diaries, and starting a new one."""
    form = DiaryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        diary = form.save(commit=False)
        diary.membership = membership
        diary.save()
        messages.success(request, "Your diary is ready. Add your first entry below.")
        return redirect("reflections:diary-detail", membership.collaboration.slug, diary.code)
    return render(
        request,
        "reflections/diary_list.html",
        {
            "collaboration": membership.collaboration,
            "diaries": Diary.objects.filter(membership=membership).annotate(
                entry_count=Count("entries")
            ),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.REFLECT)
def diary_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    """A diary is its keeper's alone: others see only the entries they chose to share."""
    diary = get_object_or_404(Diary, membership=membership, code=code)
    contribution, form, _ = _contribution_form(request, membership, record=False, diary=diary)
    if contribution:
        messages.success(request, "Saved in your diary.")
        return redirect("reflections:diary-detail", membership.collaboration.slug, diary.code)
    return render(
        request,
        "reflections/diary_detail.html",
        {
            "collaboration": membership.collaboration,
            "diary": diary,
            "entries": diary.entries.order_by("-entry_date", "-created_at"),
            "form": form,
            "kind": Kind.DIARY,
        },
    )
