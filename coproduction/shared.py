"""Shared records: staff and members edit the same record at the same time, and no edit is lost.

Each shared record carries a `shared_version`. A save says which version it started from.
If the record has moved on, the fields the other people changed are compared with the fields
this save changes: different fields merge; the same field is a conflict, answered with both
values so the person can choose or combine them. Every accepted change is a FieldChange row:
the history, the credits, and what restore uses.

Viewers poll a cheap endpoint with a signed token: it answers 304 from the cache, touching no
database, while nothing changed.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypedDict, cast
from uuid import UUID

from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from coproduction.models import FieldChange, Membership

if TYPE_CHECKING:
    from django.contrib.auth.models import _User  # AUTH_USER_MODEL, for the type checker

POLL_TOKEN_SALT = "coproduction.shared-poll"  # noqa: S105 - a signing namespace
POLL_TOKEN_MAX_AGE = 60 * 60  # a page left open longer than an hour asks for a new token
PRESENCE_SECONDS = 15


@dataclass(frozen=True)
class SharedField:
    name: str
    label: str
    kind: str = "text"  # text, textarea, minutes or choice
    required: bool = False
    max_length: int = 5000
    choices: tuple[tuple[str, str], ...] = ()

    def shown(self, value: str) -> str:
        """The value as people read it: a choice's label, not its stored code."""
        return dict(self.choices).get(value, value) if self.choices else value

    def clean(self, value: str) -> str:
        """The submitted value, tidied; ValidationError in plain words if it cannot be saved."""
        value = (value or "").replace("\r\n", "\n").strip()
        if "\x00" in value:
            raise ValidationError("This contains a character we cannot save.")
        if self.required and not value:
            raise ValidationError(f"{self.label} cannot be empty.")
        if len(value) > self.max_length:
            raise ValidationError(f"Keep this under {self.max_length} characters.")
        minutes_ok = value.isascii() and value.isdigit() and 1 <= int(value) <= 480
        if self.kind == "minutes" and value and not minutes_ok:
            raise ValidationError("Give a number of minutes between 1 and 480.")
        if self.choices and value not in dict(self.choices):
            raise ValidationError("Choose one of the options.")
        return value


class _Versioned(Protocol):
    shared_version: int


def _version_of(instance: models.Model) -> int:
    """The record's `shared_version`: every model a SharedRecordType names has one."""
    return cast(_Versioned, instance).shared_version


@dataclass(frozen=True)
class SharedRecordType[M: models.Model]:
    """A kind of record edited side by side; `model` has a `shared_version` field."""

    key: str
    label: str
    model: type[M]
    fields: tuple[SharedField, ...]
    # From the record's code in the URL; permission-checked: 404 or 403.
    load: Callable[[Membership, UUID | str], M]
    may_edit: Callable[[Membership, M], bool]
    page_url: Callable[[M], str]
    title: Callable[[M], str]
    # Called after a change is committed, with the record and the changed field names.
    after_save: Callable[[M, set[str]], None] | None = None

    def field(self, name: str) -> SharedField:
        for shared_field in self.fields:
            if shared_field.name == name:
                return shared_field
        raise Http404("No such field.")


@dataclass
class SaveResult:
    accepted: bool
    version: int
    conflicts: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> theirs/yours
    errors: dict[str, str] = field(default_factory=dict)


def fields_value(instance: models.Model, name: str) -> str:
    """A shared field's value as text ("" for nothing)."""
    return _value(instance, name)


def _value(instance: models.Model, name: str) -> str:
    value = getattr(instance, name)
    return "" if value is None else str(value)


def _state_key(record_type: SharedRecordType[Any], instance: models.Model) -> str:
    return f"shared:{record_type.key}:{instance.pk}"


def shared_save[M: models.Model](
    *,
    record_type: SharedRecordType[M],
    instance: M,
    changes: dict[str, str],
    base_version: int,
    user: "_User",
    on_behalf_of: Membership | None = None,
) -> SaveResult:
    """Saves the changed fields against `base_version`, merging or refusing as described above.

    Either every change is applied (accepted) or none is (conflicts or errors): a refused save
    loses nothing, because the answer carries both values back to the person.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for name, value in changes.items():
        try:
            cleaned[name] = record_type.field(name).clean(value)
        except ValidationError as error:
            errors[name] = " ".join(error.messages)
    model = type(instance)
    content_type = ContentType.objects.get_for_model(model)
    with transaction.atomic():
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        version = _version_of(current)
        if errors or not 1 <= base_version <= version:
            if not errors:
                errors["__all__"] = "This page is out of date. Reload it and try again."
            return SaveResult(False, version, errors=errors)
        changed_since: set[str] = set()
        if base_version < version:
            changed_since = set(
                FieldChange.objects.filter(
                    content_type=content_type, object_id=current.pk, version__gt=base_version
                ).values_list("field", flat=True)
            )
        applied: dict[str, tuple[str, str]] = {}
        conflicts: dict[str, dict[str, str]] = {}
        for name, value in cleaned.items():
            now = _value(current, name)
            if value == now:
                continue
            if name in changed_since:
                conflicts[name] = {"theirs": now, "yours": value}
            else:
                applied[name] = (now, value)
        if conflicts:
            return SaveResult(False, version, conflicts=conflicts)
        if not applied:
            return SaveResult(True, version)
        new_version = version + 1
        updates: dict[str, Any] = {"shared_version": new_version}
        for name, (_, value) in applied.items():
            updates[name] = (
                (int(value) if value else None)
                if record_type.field(name).kind == "minutes"
                else value
            )
        model._default_manager.filter(pk=current.pk).update(**updates)
        FieldChange.objects.bulk_create(
            [
                FieldChange(
                    content_type=content_type,
                    object_id=current.pk,
                    field=name,
                    old_value=old,
                    new_value=new,
                    version=new_version,
                    changed_by=user,
                    on_behalf_of=on_behalf_of,
                )
                for name, (old, new) in applied.items()
            ]
        )
        transaction.on_commit(lambda: _bump_state(record_type, current, new_version))
        after_save = record_type.after_save
        if after_save is not None:
            changed = set(applied)
            transaction.on_commit(lambda: after_save(current, changed))
    for name, value in updates.items():
        setattr(instance, name, value)
    return SaveResult(True, new_version)


def shared_restore[M: models.Model](
    *, record_type: SharedRecordType[M], instance: M, change: FieldChange, user: "_User"
) -> SaveResult:
    """Puts back the value a field had before `change`, as a new change (history is kept)."""
    instance_version_before = _version_of(instance)
    result = shared_save(
        record_type=record_type,
        instance=instance,
        changes={change.field: change.old_value},
        base_version=_version_of(instance),
        user=user,
    )
    if result.accepted and result.version > instance_version_before:
        FieldChange.objects.filter(
            content_type=change.content_type, object_id=change.object_id, version=result.version
        ).update(restored_from=change)
    return result


def history(record_type: SharedRecordType[Any], instance: models.Model) -> QuerySet[FieldChange]:
    return (
        FieldChange.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
        )
        .select_related("changed_by__profile", "on_behalf_of__user__profile")
        .order_by("-version", "-pk")
    )


# --- Cheap polling: the record's version and who is editing, kept in the cache ---------------


def _bump_state(record_type: SharedRecordType[Any], instance: models.Model, version: int) -> None:
    key = _state_key(record_type, instance)
    state = cache.get(key) or {"v": version, "p": 0}
    cache.set(key, {"v": version, "p": state["p"]}, timeout=None)


# A half-second memo in this process in front of the shared cache: the busiest answer (304,
# nothing changed) then needs no network at all, and a change still shows within 3 seconds.
_LOCAL_SECONDS = 0.5


class PollState(TypedDict):
    v: int  # the record's version
    p: int  # the generation of who is editing it


_local_states: dict[str, tuple[float, PollState]] = {}


def poll_state(
    record_type: SharedRecordType[Any], instance_pk: int, model: type[models.Model]
) -> PollState:
    """{"v": version, "p": presence generation}, from the cache; the database only on a miss."""
    key = f"shared:{record_type.key}:{instance_pk}"
    now = time.monotonic()
    remembered = _local_states.get(key)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    state = _shared_state(key, instance_pk, model)
    if len(_local_states) > 10_000:
        _local_states.clear()
    _local_states[key] = (now + _LOCAL_SECONDS, state)
    return state


def forget_local_state() -> None:
    """Drops the in-process memo (tests that change records between polls call this)."""
    _local_states.clear()


def _shared_state(key: str, instance_pk: int, model: type[models.Model]) -> PollState:
    state: PollState | None = cache.get(key)
    if state is None:
        version = (
            model._default_manager.filter(pk=instance_pk)
            .values_list("shared_version", flat=True)
            .first()
        )
        if version is None:
            raise Http404("No such record.")
        state = {"v": version, "p": 0}
        cache.set(key, state, timeout=None)
    return state


@dataclass(frozen=True)
class PollPass:
    """Who is polling which record, as the signed token says."""

    key: str
    pk: int
    membership_pk: int
    name: str


def presence_mark(record_type: SharedRecordType[Any], who: PollPass, field_name: str) -> None:
    """Notes that this person is editing `field_name` now (or nothing, if empty)."""
    key = f"shared:{record_type.key}:{who.pk}"
    presence_key = f"{key}:presence"
    now = timezone.now().timestamp()
    editors = {m: e for m, e in (cache.get(presence_key) or {}).items() if e["until"] > now}
    before = {m: e["field"] for m, e in editors.items()}
    if field_name:
        editors[who.membership_pk] = {
            "name": who.name,
            "field": field_name,
            "until": now + PRESENCE_SECONDS,
        }
    else:
        editors.pop(who.membership_pk, None)
    cache.set(presence_key, editors, timeout=PRESENCE_SECONDS * 2)
    if before != {m: e["field"] for m, e in editors.items()}:
        state = cache.get(key)
        if state is not None:
            cache.set(key, {"v": state["v"], "p": state["p"] + 1}, timeout=None)


def presence_of(
    record_type: SharedRecordType[Any], instance_pk: int, *, excluding: int
) -> list[dict[str, str]]:
    now = timezone.now().timestamp()
    editors = cache.get(f"shared:{record_type.key}:{instance_pk}:presence") or {}
    return [
        {"name": entry["name"], "field": entry["field"]}
        for member, entry in editors.items()
        if member != excluding and entry["until"] > now
    ]


def poll_token(
    record_type: SharedRecordType[Any], instance: models.Model, viewer: Membership
) -> str:
    """A short-lived signed pass to poll this record, so polling needs no session or query.

    It names the record and the viewer (with the name others see while they edit).
    """
    payload = [record_type.key, instance.pk, viewer.pk, viewer.user.shown_name]
    return signing.dumps(payload, salt=POLL_TOKEN_SALT)


def read_poll_token(token: str) -> PollPass:
    try:
        key, pk, membership_pk, name = signing.loads(
            token, salt=POLL_TOKEN_SALT, max_age=POLL_TOKEN_MAX_AGE
        )
        return PollPass(str(key), int(pk), int(membership_pk), str(name))
    except (signing.BadSignature, ValueError, TypeError):
        raise PermissionDenied("This page has been open a long time. Reload it.") from None
