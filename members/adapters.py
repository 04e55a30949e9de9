"""How django-allauth fits this platform: no public sign-up, phone numbers on the User."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.fields import PhoneField
from allauth.account.stages import EmailVerificationStage
from allauth.core import context as allauth_context
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from coproduction.outbox.transport import email_hand_over, text_hand_over
from coproduction.permissions import user_requires_two_factor
from coproduction.phones import phone_to_e164
from members.models import User


class UKPhoneField(PhoneField):
    """allauth's phone field, but accepting numbers as people write them in the UK."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["validators"] = []
        kwargs.setdefault("label", "Mobile number")
        kwargs.setdefault("help_text", "For example 07700 900123.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.pop("placeholder", None)
        self.widget.attrs["inputmode"] = "tel"

    def clean(self, value: str | None) -> str:
        value = super(PhoneField, self).clean(value)
        return phone_to_e164(value) if value else value


class EmailVerificationUnlessNoEmailStage(EmailVerificationStage):
    """Verified email is required of everyone who has an email address.

    People without one log in by a code sent to their phone, which proves that instead.
    """

    def handle(self):
        if not self.login.user.email:
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """People join by invitation from staff, never by signing up."""
        return False

    def get_login_stages(self) -> list[str]:
        default = "allauth.account.stages.EmailVerificationStage"
        ours = f"{__name__}.{EmailVerificationUnlessNoEmailStage.__name__}"
        return [ours if path == default else path for path in super().get_login_stages()]

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's emails (login codes, address checks) go out at once through the outbox's
        transport: a login code cannot wait for a worker, and is a secret no row keeps."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        email_hand_over(self.render_mail(template_prefix, email, {**ctx, **context}))

    def phone_form_field(self, **kwargs: Any) -> UKPhoneField:
        return UKPhoneField(**kwargs)

    def set_phone(self, user: User, phone: str, verified: bool) -> None:
        User.objects.filter(pk=user.pk).update(phone=phone, phone_verified=verified)
        user.phone, user.phone_verified = phone, verified

    def get_phone(self, user: User) -> tuple[str, bool] | None:
        if not user.phone:
            return None
        return str(user.phone), user.phone_verified

    def set_phone_verified(self, user: User, phone: str) -> None:
        User.objects.filter(pk=user.pk, phone=phone).update(phone_verified=True)
        user.phone_verified = True

    def get_user_by_phone(self, phone: str) -> User | None:
        return User.objects.filter(phone=phone, is_active=True).first()

    def send_verification_code_sms(self, user: User, phone: str, code: str, **kwargs: Any) -> None:
        minutes = settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT // 60
        text_hand_over(
            to=phone,
            body=f"Your {settings.SITE_NAME} code is {code}. It works for {minutes} minutes. "
            "Do not share it with anyone.",
        )

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        text_hand_over(
            to=phone,
            body=f"Someone asked for a {settings.SITE_NAME} login code for this number, but "
            "no account uses it. To join, ask the staff at your collaboration to invite you.",
        )


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Any) -> bool:
        """People whose role requires two-factor may not switch it off."""

        return not user_requires_two_factor(authenticator.user)
