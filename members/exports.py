"""A person's own data, all of it, and nothing about anyone else (subject access)."""

from datetime import date, datetime, time
from typing import Any

from django.forms.models import model_to_dict

from coproduction.models import FieldChange, Invitation, Membership, Message
from members.models import (
    AccessNeeds,
    Availability,
    AvailabilityChange,
    Commitment,
    GuardianConsent,
    MonitoringResponse,
    Profile,
    StepAway,
    User,
)
from payments.models import Claim, EarningsLimit, PayeeDetails, Payment
from reflections.models import Contribution, Diary, Feedback
from sessions_app.models import AgendaItem, PollAnswer, SessionInvite, TaskAnswer


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _record(instance, *, exclude: tuple[str, ...] = ()) -> dict:
    data = model_to_dict(instance, exclude=["id", "user", "membership", *exclude])
    for name in ("code", "created_at", "updated_at"):
        if hasattr(instance, name) and name not in exclude:
            data[name] = getattr(instance, name)
    return _plain(data)


def _changed_by(row, user: User) -> str:
    if row.history_user_id is None:
        return "the system"
    return "you" if row.history_user_id == user.pk else "staff, on your behalf"


def person_export(user: User) -> dict:
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("collaboration")
        .prefetch_related("work_areas")
    )
    account = {
        "name": user.name,
        "email": user.email,
        "mobile": str(user.phone) if user.phone else None,
        "date_of_birth": user.date_of_birth,
        "joined": user.date_joined,
        "last_login": user.last_login,
        "takes_part_by_post_or_phone_only": user.offline_only,
        "how_they_agreed": user.offline_agreement,
    }
    histories = [
        model.history.filter(user_id=user.pk)
        for model in (
            Profile,
            AccessNeeds,
            Availability,
            AvailabilityChange,
            Commitment,
            GuardianConsent,
        )
    ]
    histories.append(StepAway.history.filter(membership_id__in=[m.pk for m in memberships]))
    history = [
        {
            "record": row.instance_type._meta.verbose_name,
            "change": {"+": "added", "~": "changed", "-": "removed"}[row.history_type],
            "when": row.history_date,
            "by": _changed_by(row, user),
        }
        for rows in histories
        for row in rows
    ]
    profile = Profile.objects.filter(user=user).first()
    access = AccessNeeds.objects.filter(user=user).first()
    availability = Availability.objects.filter(user=user).first()
    consent = GuardianConsent.objects.filter(user=user).first()
    return _plain(
        {
            "about": "Everything this platform holds about you, as of the date below.",
            "exported_at": datetime.now().astimezone(),
            "account": account,
            "profile": _record(profile) if profile else None,
            "access_needs": _record(access) if access else None,
            "usual_availability": availability.weekly if availability else [],
            "availability_changes": [
                _record(c) for c in AvailabilityChange.objects.filter(user=user)
            ],
            "commitments": [_record(c) for c in Commitment.objects.filter(user=user)],
            "guardian_consent": _record(consent) if consent else None,
            "memberships": [
                {
                    "collaboration": m.collaboration.name,
                    "role": m.get_role_display(),
                    "status": m.get_status_display(),
                    "term_start": m.term_start,
                    "term_end": m.term_end,
                    "work_areas": [area.name for area in m.work_areas.all()],
                    "step_aways": [_record(s) for s in StepAway.objects.filter(membership=m)],
                    "equality_monitoring": _record(r, exclude=("consented_at",))
                    | {"consented_at": r.consented_at}
                    if (r := MonitoringResponse.objects.filter(membership=m).first())
                    else None,
                }
                for m in memberships
            ],
            "invitations": [
                {
                    "collaboration": i.collaboration.name,
                    "role": i.get_role_display(),
                    "sent": i.created_at,
                    "accepted": i.accepted_at,
                }
                for i in Invitation.objects.filter(accepted_by=user).select_related("collaboration")
            ],
            "history_of_changes": sorted(history, key=lambda entry: entry["when"]),
            **_taking_part(user, memberships),
        }
    )


def _taking_part(user: User, memberships) -> dict:
    """Sessions, answers, agenda items, edits and messages: what the person did and received."""

    return {
        "sessions": [
            {
                "session": i.session.title,
                "starts_at": i.session.starts_at,
                "your_answer": i.get_response_display(),
                "attendance": i.get_attendance_display(),
            }
            for i in SessionInvite.objects.filter(membership__in=memberships).select_related(
                "session"
            )
        ],
        "poll_answers": [
            {
                "poll": a.option.poll.title,
                "time": a.option.starts_at,
                "answer": a.get_answer_display(),
            }
            for a in PollAnswer.objects.filter(membership__in=memberships).select_related(
                "option__poll"
            )
        ],
        "agenda_items_you_proposed": [
            {"session": item.session.title, "title": item.title, "details": item.description}
            for item in AgendaItem.objects.filter(proposed_by__in=memberships).select_related(
                "session"
            )
        ],
        "your_edits_to_shared_records": [
            {"field": change.field, "new_value": change.new_value, "when": change.changed_at}
            for change in FieldChange.objects.filter(changed_by=user)
        ],
        "feedback_you_gave_with_your_name": [
            {"kind": f.get_kind_display(), "text": f.text, "received_on": f.received_on}
            for f in Feedback.objects.filter(author__in=memberships)
        ],
        "task_answers": [
            {"task": a.task.title, "answer": a.text, "answered_at": a.answered_at}
            for a in TaskAnswer.objects.filter(membership__in=memberships).select_related("task")
        ],
        "diaries": [
            {"title": d.title, "from": d.starts_on, "until": d.ends_on}
            for d in Diary.objects.filter(membership__in=memberships)
        ],
        "contributions": [
            {
                "kind": c.get_kind_display(),
                "title": c.title,
                "text": c.text,
                "diary": c.diary.title if c.diary else None,
                "day": c.entry_date,
                "journey_steps": [
                    {
                        "what_happened": step.what_happened,
                        "how_it_felt": step.get_feeling_display(),
                        "in_your_words": step.feeling_words,
                    }
                    for step in c.steps.all()
                ],
                "has_photo": bool(c.photo),
                "photo_description": c.photo_description,
                "has_voice_note": bool(c.voice_note),
                "who_can_see_it": c.get_visibility_display(),
                "received": c.get_received_via_display(),
                "created_at": c.created_at,
            }
            for c in Contribution.objects.filter(membership__in=memberships)
            .select_related("diary")
            .prefetch_related("steps")
        ],
        "messages_sent_to_you": [
            {
                "subject": m.subject,
                "body": m.body,
                "channel": m.get_channel_display(),
                "state": m.get_state_display(),
                "due_at": m.due_at,
                "sent_at": m.sent_at,
            }
            for m in Message.objects.filter(recipient__in=memberships)
        ],
        **_payments(memberships),
    }


def _payments(memberships) -> dict:

    return {
        "claims": [
            _record(c, exclude=("receipt", "collaboration", "session", "batch", "split_from"))
            for c in Claim.objects.filter(membership__in=memberships)
        ],
        "payments": [
            {
                "claim": p.claim.description,
                "amount": p.amount,
                "method": p.method,
                "paid_on": p.paid_on,
            }
            for p in Payment.objects.filter(claim__membership__in=memberships).select_related(
                "claim"
            )
        ],
        "how_you_are_paid": [
            _record(d) for d in PayeeDetails.objects.filter(membership__in=memberships)
        ],
        "your_earnings_limits": [
            _record(e) for e in EarningsLimit.objects.filter(membership__in=memberships)
        ],
    }
