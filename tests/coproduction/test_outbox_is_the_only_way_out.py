"""Every message goes through the outbox: a walk over the code finds no email or text handed
to a provider anywhere but the outbox's own sending code."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["coproduction", "members", "sessions_app", "payments", "reflections"]
# Django's and our own ways to hand over an email or a text, by name.
SENDING_NAMES = {
    "EmailMessage",
    "EmailMultiAlternatives",
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "get_connection",
    "mailers",
    "sms_backend",
    "NotificationsAPIClient",
}
# Only the outbox's sending code may use them.
OUTBOX_SENDING = {
    "coproduction/outbox/transport.py",
    "coproduction/outbox/compose.py",
    "coproduction/outbox/sms.py",
}
# May hand a login code over at once (never stored: a secret): through the transport only.
TRANSPORT_USERS = {"members/adapters.py", "coproduction/outbox/sending.py"}


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), ast.parse(path.read_text())


def names_used(tree: ast.AST) -> set[str]:
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.update(alias.name for alias in node.names)
            used.add(node.module or "")
    return used


def test_no_email_or_text_is_handed_over_outside_the_outboxs_sending_code():
    found = []
    for module, tree in app_modules():
        if module in OUTBOX_SENDING:
            continue
        sending = names_used(tree) & SENDING_NAMES
        if sending:
            found.append(f"{module}: {sorted(sending)}")
        uses_transport = {"email_hand_over", "text_hand_over", "coproduction.outbox.transport"}
        if module not in TRANSPORT_USERS and names_used(tree) & uses_transport:
            found.append(f"{module}: hands over directly instead of through the outbox")
    assert not found, "\n".join(found)


def test_the_walk_would_find_a_send_outside_the_outbox():
    """The check above can fail: a stray send_mail is caught."""
    stray = ast.parse("from django.core.mail import send_mail\nsend_mail('s', 'b', None, ['x'])")
    assert names_used(stray) & SENDING_NAMES == {"send_mail"}
    stray = ast.parse("from django.core import mail\nmail.EmailMessage('s').send()")
    assert names_used(stray) & SENDING_NAMES == {"EmailMessage"}


def test_every_message_the_apps_queue_takes_its_words_from_a_template():
    """Words people read live in templates (text for a text, longer for a letter), not in
    f-strings in Python."""
    found = []
    for module, tree in app_modules():
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "message_enqueue"
                and "template" not in {keyword.arg for keyword in node.keywords}
            ):
                found.append(f"{module}:{node.lineno}")
    assert not found, "message_enqueue without a template at " + ", ".join(found)
