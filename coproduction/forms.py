from collections.abc import Mapping
from typing import Any

from django import forms

from coproduction.inputs import normalize_email_address
from coproduction.models import Collaboration, Membership, WorkArea
from coproduction.permissions import grantable_roles
from coproduction.phones import phone_to_e164
from coproduction.uploads import AUDIO_TYPES_SHOWN, PhotoField, VoiceNoteField
from coproduction.widgets import TickBoxes


class MemberChoiceField(forms.ModelChoiceField):
    """One person of the collaboration, shown by the name they chose (and their role if they
    are not a member), without a query per person."""

    def label_from_instance(self, membership: Membership) -> str:
        name = membership.user.shown_name
        if membership.role == Membership.Role.MEMBER:
            return name
        return f"{name} ({membership.get_role_display()})"


def people_of(collaboration: Collaboration):
    """The collaboration's people, by name, with what their names need loaded."""
    return (
        Membership.objects.filter(collaboration=collaboration)
        .select_related("user__profile", "user__guardian_consent")
        .order_by("user__name")
    )


def choice_field(fields: Mapping[str, forms.Field], name: str) -> forms.ChoiceField:
    """A form's field that offers choices (a model form makes one for a field with choices),
    typed as such so its choices can be set."""
    field = fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a choice field")
    return field


def model_choice_field(
    fields: Mapping[str, forms.Field], name: str
) -> "forms.ModelChoiceField[Any]":  # quoted: Django's class takes no [] when the code runs
    """A form's field that chooses from a queryset (a model form makes one for a foreign key),
    typed as such so its queryset and empty label can be set."""
    field = fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is a {type(field).__name__}, not a model choice field")
    return field


class PlainLabelsMixin:
    """Labels without a trailing colon: many of ours are questions ("What is it?")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class NewPersonForm(PlainLabelsMixin, forms.Form):
    """Who someone new is and what they join as: an invitation, or someone added by staff."""

    name = forms.CharField(label="Their name", max_length=150)
    role = forms.ChoiceField(label="Role", widget=forms.RadioSelect)
    work_areas = forms.ModelMultipleChoiceField(
        label="Work areas",
        queryset=WorkArea.objects.none(),
        required=False,
        widget=TickBoxes,
        help_text="Optional. They can join others later.",
    )

    def __init__(self, *args, collaboration: Collaboration, inviter: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.collaboration = collaboration
        choice_field(self.fields, "role").choices = grantable_roles(inviter)
        self.fields["role"].initial = Membership.Role.MEMBER
        model_choice_field(self.fields, "work_areas").queryset = collaboration.work_areas.all()


class InvitationForm(NewPersonForm):
    email = forms.EmailField(
        label="Email address",
        required=False,
        help_text="We send the invitation here. Leave it empty if they have no email.",
    )
    phone = forms.CharField(
        label="Mobile number",
        required=False,
        max_length=30,
        help_text="Needed if they have no email: the invitation and login codes come by text.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )

    def clean_email(self) -> str | None:
        email = self.cleaned_data["email"]
        return normalize_email_address(email) if email else None

    def clean_phone(self) -> str | None:
        phone = self.cleaned_data["phone"].strip()
        return phone_to_e164(phone) if phone else None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        email, phone = cleaned.get("email"), cleaned.get("phone")
        if not email and not phone and not self.has_error("email") and not self.has_error("phone"):
            raise forms.ValidationError(
                "Give an email address or a mobile number, so we can reach them."
            )
        already = Membership.objects.filter(collaboration=self.collaboration).exclude(
            status=Membership.Status.ALUMNI
        )
        if email and already.filter(user__email=email).exists():
            self.add_error(
                "email", "Someone with this email address is already in this collaboration."
            )
        if phone and already.filter(user__phone=phone).exists():
            self.add_error(
                "phone", "Someone with this mobile number is already in this collaboration."
            )
        return cleaned


class OfflinePersonForm(NewPersonForm):
    """Someone who takes part by post or phone call, with neither email nor a mobile."""

    postal_address = forms.CharField(
        label="Postal address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text="Briefs, reminders and anything to fill in go here by post.",
    )
    call_phone = forms.CharField(
        label="Phone number for calls",
        required=False,
        max_length=30,
        help_text="A landline is fine: staff ring, nothing is sent by text.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    agreed = forms.BooleanField(
        label="They have agreed to take part, and to us keeping these details",
        error_messages={"required": "Ask them first: tick this once they have agreed."},
    )
    how_agreed = forms.CharField(
        label="How and when they agreed",
        max_length=500,
        help_text="For example: on the phone on 3 March, or a signed form we keep.",
    )
    field_order = ["name", "postal_address", "call_phone", "role", "work_areas"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_areas"].help_text = "Optional. Staff can add more later."

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        if not (cleaned.get("postal_address", "").strip() or cleaned.get("call_phone", "").strip()):
            raise forms.ValidationError(
                "Give a postal address or a phone number for calls, so we can reach them."
            )
        return cleaned


class InvitationAcceptForm(PlainLabelsMixin, forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=150,
        help_text="The name other people in the collaboration will see. You can change it later.",
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class CallBackForm(PlainLabelsMixin, forms.Form):
    phone = forms.CharField(
        label="Your phone number",
        max_length=30,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    when = forms.ChoiceField(
        label="When is best?",
        choices=[
            ("any time", "Any time"),
            ("in the morning", "Morning"),
            ("in the afternoon", "Afternoon"),
            ("in the evening (before 8pm)", "Evening (before 8pm)"),
        ],
        widget=forms.RadioSelect,
        initial="any time",
    )
    about = forms.CharField(
        label="What is it about? (optional)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


PHOTO_NEEDS_GUARDIAN = (
    "We can't take photos from you yet: your parent or carer, and you, need to agree to photos "
    "first. Ask the person named under 'Need help?' and they will sort it out with you."
)


class PhotoFieldsMixin(forms.Form):
    """An optional photo (kept only without its location and camera details) and voice note,
    with the separate photo consent: the person's own tick, or for an under-18 the agreement
    of both their guardian and themselves on their consent record."""

    photo = PhotoField(
        label="A photo (optional)",
        required=False,
        help_text="We remove the location and camera details before we keep it.",
    )
    photo_description = forms.CharField(
        label="What the photo shows (optional)",
        max_length=300,
        required=False,
        help_text="A few words for people who can't see it.",
    )
    photo_agreed = forms.BooleanField(
        label="I agree to share this photo here, and anyone you could recognise in it agreed",
        required=False,
        help_text="Photos are separate from taking part: you can say no and still take part.",
    )
    voice_note = VoiceNoteField(
        label="A voice note (optional)",
        required=False,
        help_text=f"A recording from your phone: {AUDIO_TYPES_SHOWN}, up to 15 minutes.",
    )

    photo_owner: Membership | None  # whose photo it is: the one it is credited to

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        if cleaned.get("photo"):
            user = self.photo_owner.user if self.photo_owner else None
            if user is not None and user.is_under_18:
                consent = getattr(user, "guardian_consent", None)
                if not (
                    consent
                    and consent.photo_consent_guardian
                    and consent.photo_consent_young_person
                    and not consent.consent_withdrawn_on
                ):
                    self.add_error("photo", PHOTO_NEEDS_GUARDIAN)
            elif not cleaned.get("photo_agreed"):
                self.add_error(
                    "photo_agreed", "Tick this to send the photo, or take the photo off."
                )
        return cleaned

    def keep_files_message(self, files) -> None:
        """The browser can't send a chosen file again: say so beside a good file when
        something else on the form was wrong."""
        for name in ("photo", "voice_note"):
            if files.get(name) and name not in self.errors and self.errors:
                self.add_error(
                    name, "Please choose this file again: it is kept only once the form is sent."
                )
