"""What each app adds to a role's home page: a person's next sessions, what is waiting for
them. Apps register a context function per role in AppConfig.ready(); the core's home view
merges what they give and imports no app. Each function runs a fixed number of queries."""

from collections.abc import Callable, Iterable

from coproduction.models import Membership

HomeContext = Callable[[Membership], dict[str, object]]
_providers: list[tuple[frozenset[str], HomeContext]] = []


def register(*, roles: Iterable[str], context: HomeContext) -> None:
    entry = (frozenset(roles), context)
    if entry not in _providers:
        _providers.append(entry)


def context_for(membership: Membership) -> dict[str, object]:
    merged: dict[str, object] = {}
    for roles, context in _providers:
        if membership.role in roles:
            merged.update(context(membership))
    return merged
