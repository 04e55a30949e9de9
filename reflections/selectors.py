from collections import Counter

from reflections.models import Feedback


def feedback_for_staff(collaboration) -> tuple[list[Feedback], dict[str, int]]:
    """Feedback staff may read: everything named, anonymous pieces not about one session, and
    anonymous pieces about a session only once that session has enough of them (the
    collaboration's threshold, 3 by default) that no one can be singled out.

    Also returns, per session title, how many anonymous pieces are held back.
    """
    everything = list(
        Feedback.objects.filter(collaboration=collaboration).select_related(
            "author__user", "session"
        )
    )
    anonymous_per_session = Counter(
        f.session_id for f in everything if f.is_anonymous and f.session_id
    )
    threshold = collaboration.anonymous_threshold
    shown, held_back = [], Counter()
    for item in everything:
        if (
            item.is_anonymous
            and item.session_id
            and anonymous_per_session[item.session_id] < threshold
        ):
            held_back[item.session.title] += 1
        else:
            shown.append(item)
    return shown, dict(held_back)
