"""Short tasks: taking part without a meeting. Staff set them; members answer in the browser
(or by phone or post, written down by staff and credited to them)."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from coproduction.models import Membership
from coproduction.permissions import Action, collaboration_view, is_staff_like, may
from payments import money
from payments.models import Activity, Unit
from reflections import selectors
from sessions_app import selectors as session_selectors
from sessions_app import services
from sessions_app.forms import RecordedTaskAnswerForm, ShortTaskForm, TaskAnswerForm
from sessions_app.models import ShortTask, TaskAnswer


def _task_rate(collaboration) -> Decimal | None:
    """Today's hourly rate for short tasks, if the collaboration has one."""
    try:
        return money.rate_on(collaboration, Activity.TASK, Unit.HOUR, timezone.localdate()).amount
    except money.NoRate:
        return None


def _pay_for(task: ShortTask, rate: Decimal | None) -> Decimal | None:
    if not task.paid or rate is None:
        return None
    return money.round_once(Decimal(task.expected_minutes) / 60 * rate)


@dataclass(frozen=True)
class TaskLine:
    """A task on the list: whether this person has answered it, and what it pays them."""

    task: ShortTask
    answered: bool
    pay: Decimal | None


@require_GET
@collaboration_view(Action.VIEW_SESSIONS)
def task_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    tasks = list(
        session_selectors.tasks_for(membership).annotate(
            answer_count=Count("answers", distinct=True)
        )
    )
    answered = set(
        TaskAnswer.objects.filter(membership=membership).values_list("task_id", flat=True)
    )
    rate = _task_rate(membership.collaboration)
    return render(
        request,
        "sessions_app/task_list.html",
        {
            "collaboration": membership.collaboration,
            "tasks": [TaskLine(task, task.pk in answered, _pay_for(task, rate)) for task in tasks],
            "staff": is_staff_like(membership),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.MANAGE_SESSIONS)
def task_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = ShortTaskForm(
        request.POST if request.method == "POST" else None,
        collaboration=membership.collaboration,
    )
    if request.method == "POST" and form.is_valid():
        task = form.save(commit=False)
        task.collaboration = membership.collaboration
        task.created_by = membership.user
        task.save()
        messages.success(request, "The task is set. Members see it on their tasks page.")
        return redirect("sessions:task-detail", membership.collaboration.slug, task.code)
    return render(
        request,
        "sessions_app/task_form.html",
        {"collaboration": membership.collaboration, "form": form},
    )


@require_http_methods(["GET", "POST"])
@collaboration_view(Action.VIEW_SESSIONS)
def task_detail(request: HttpRequest, membership: Membership, code) -> HttpResponse:
    task = session_selectors.tasks_for(membership).filter(code=code).first()
    if task is None:
        raise Http404("No such task.")
    staff = is_staff_like(membership)
    mine = TaskAnswer.objects.filter(task=task, membership=membership).first()
    is_open = task.deadline >= timezone.localdate()
    may_answer = mine is None and is_open and may(membership, Action.ANSWER_TASKS)
    bound = request.method == "POST"
    recording = bound and request.POST.get("step") == "record"
    form = TaskAnswerForm(
        request.POST if bound and not recording else None,
        request.FILES if bound and not recording else None,
        membership=membership,
    )
    record_form = (
        RecordedTaskAnswerForm(
            request.POST if recording else None, request.FILES if recording else None, task=task
        )
        if staff
        else None
    )
    if bound:
        if recording and record_form is not None and record_form.is_valid():
            data = dict(record_form.cleaned_data)
            services.task_answer(
                task=task,
                membership=data.pop("member"),
                entered_by=membership.user,
                via=data.pop("via"),
                **data,
            )
            messages.success(request, "Recorded, and credited to them.")
            return redirect("sessions:task-detail", membership.collaboration.slug, task.code)
        if not recording:
            if not may_answer:
                messages.error(request, "This task can't be answered now.")
                return redirect("sessions:task-detail", membership.collaboration.slug, task.code)
            if form.is_valid():
                services.task_answer(
                    task=task,
                    membership=membership,
                    entered_by=membership.user,
                    via="online",
                    **form.cleaned_data,
                )
                messages.success(
                    request,
                    "Thank you. "
                    + (
                        "Your claim for this is waiting for you on 'My payments'."
                        if task.paid
                        else ""
                    ),
                )
                return redirect("sessions:task-list", membership.collaboration.slug)
        sent = record_form if recording else form
        if sent is not None:
            sent.keep_files_message(request.FILES)
    answers = task.answers.select_related("membership__user")
    if not staff:
        answers = answers.filter(
            Q(visibility=TaskAnswer.Visibility.EVERYONE) | Q(membership=membership)
        )
    return render(
        request,
        "sessions_app/task_detail.html",
        {
            "collaboration": membership.collaboration,
            "task": task,
            "pay": _pay_for(task, _task_rate(task.collaboration)),
            "mine": mine,
            "is_open": is_open,
            "form": form if may_answer else None,
            "record_form": record_form,
            "answers": answers,
            "contributions": selectors.contributions_for(membership).filter(task=task),
            "staff": staff,
        },
    )
