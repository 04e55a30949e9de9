from celery import shared_task

from sessions_app.invitations import poll_invitations_send, session_invitations_send
from sessions_app.models import Poll, Session


@shared_task
def session_invitations_send_task(session_id: int) -> int:
    session = Session.objects.select_related("collaboration", "venue").filter(pk=session_id).first()
    return session_invitations_send(session=session) if session else 0


@shared_task
def poll_invitations_send_task(poll_id: int) -> int:
    poll = Poll.objects.filter(pk=poll_id).first()
    return poll_invitations_send(poll=poll) if poll else 0
