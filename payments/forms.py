import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from coproduction.forms import PlainLabelsMixin, choice_field
from coproduction.models import Membership
from coproduction.widgets import DateField
from payments import money
from payments.models import (
    Activity,
    BenefitLimit,
    Claim,
    EarningsLimit,
    PayeeDetails,
    PaymentMethod,
    Rate,
    Unit,
)
from payments.receipts import ReceiptField
from payments.services import method_choices

MONEY = {"inputmode": "decimal", "autocomplete": "off"}
MAX_AMOUNT = Decimal("5000")


def _money_field(label: str, **kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        max_digits=9,
        decimal_places=2,
        widget=forms.TextInput(attrs=MONEY),
        **kwargs,
    )


def sent_file_name(form: forms.BaseForm, name: str) -> str:
    """The name the person's device gave the file sent as `name`, once the form has cleaned
    it (Django's file fields refuse a file without a name)."""
    sent = form.files[name]
    if not isinstance(sent, UploadedFile) or sent.name is None:
        raise TypeError(f"No named file was sent as {name!r}.")
    return sent.name


class PaymentChoiceMixin:
    """The member's choice for one payment: how, or a lower amount, or not at all."""

    fields: dict[str, forms.Field]  # the form's, which this is mixed into

    def _set_up_methods(
        self, membership: Membership, *, expense: bool = False
    ) -> list[tuple[str, str]]:
        """Offers the member's ways to be paid, and gives back those choices."""
        method = choice_field(self.fields, "method")
        # The widget first: setting choices copies them onto the widget there is then.
        method.widget = forms.RadioSelect()
        choices = method_choices(membership)
        if expense:  # money back is not a gift: never to a charity; an under-18 by voucher
            choices = [c for c in choices if c[0] != PaymentMethod.CHARITY]
            if membership.user.is_under_18 and PaymentMethod.VOUCHER not in dict(choices):
                choices.insert(0, (PaymentMethod.VOUCHER, PaymentMethod.VOUCHER.label))
        method.choices = choices
        method.required = True
        method.label = "How would you like to be paid?"
        if len(method.choices) == 1:
            method.help_text = "Under 18s are paid the way their parent or carer agreed with us."
        return choices


class TimeClaimForm(PaymentChoiceMixin, PlainLabelsMixin, forms.ModelForm):
    """Paid time for an agreed task, training or event (sessions make their own claims)."""

    date_worked = DateField(label="When did you do it?")
    quantity = forms.DecimalField(
        label="How much?",
        min_value=Decimal("0.25"),
        max_value=Decimal("100"),
        decimal_places=2,
        widget=forms.TextInput(attrs=MONEY),
        help_text="Hours (for example 1.5), or the number of half days, days or fixed payments.",
    )

    class Meta:
        model = Claim
        fields = ["description", "activity", "unit", "date_worked", "quantity", "method"]
        labels = {"description": "What was it?", "activity": "What kind of work?", "unit": "Paid"}
        widgets = {"activity": forms.RadioSelect, "unit": forms.RadioSelect}

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.instance.collaboration = membership.collaboration
        self.instance.membership = membership
        self.instance.kind = Claim.Kind.FEE
        paid_activities = [
            (Activity.TASK, Activity.TASK.label),
            (Activity.PREPARATION, Activity.PREPARATION.label),
            (Activity.TRAINING, Activity.TRAINING.label),
            (Activity.EVENT, Activity.EVENT.label),
            (Activity.ONLINE_ALLOWANCE, Activity.ONLINE_ALLOWANCE.label),
        ]
        choice_field(self.fields, "activity").choices = paid_activities
        choice_field(self.fields, "unit").choices = [c for c in Unit.choices if c[0] != Unit.MILE]
        self.fields["activity"].required = self.fields["unit"].required = True
        methods = self._set_up_methods(membership)
        if not self.is_bound and not self.instance.method:
            self.initial.setdefault("method", methods[0][0])

    def clean_date_worked(self):
        day = self.cleaned_data["date_worked"]
        if day > timezone.localdate():
            raise ValidationError("Claim for work you have already done.")
        return day

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        activity, unit, day = (
            cleaned.get("activity"),
            cleaned.get("unit"),
            cleaned.get("date_worked"),
        )
        if activity and unit and day:
            try:
                money.rate_on(self.membership.collaboration, activity, unit, day)
            except money.NoRate as error:
                self.add_error("unit", f"{error} Choose another, or ask staff.")
        return cleaned


class ExpenseForm(PaymentChoiceMixin, PlainLabelsMixin, forms.ModelForm):
    date_worked = DateField(label="When did you spend it (or when will you)?")
    amount = _money_field("How much? (£)", required=False)
    miles = forms.DecimalField(
        label="How many miles? (for mileage)",
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("2000"),
        decimal_places=1,
        widget=forms.TextInput(attrs=MONEY),
    )
    receipt = ReceiptField(
        label="Receipt (a photo or a PDF)",
        required=False,
        help_text="Up to 10 MB. We remove the location from photos before keeping them.",
    )

    field_order = [
        "expense_type",
        "description",
        "date_worked",
        "amount",
        "miles",
        "receipt",
        "approval_in_advance",
        "method",
    ]

    class Meta:
        model = Claim
        fields = ["expense_type", "description", "date_worked", "approval_in_advance", "method"]
        labels = {
            "expense_type": "What is it for?",
            "description": "Tell us more",
            "approval_in_advance": "I am asking before I spend it (for costly things)",
        }
        widgets = {"expense_type": forms.RadioSelect}

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.instance.collaboration = membership.collaboration
        self.instance.membership = membership
        self.instance.kind = Claim.Kind.EXPENSE
        choice_field(self.fields, "expense_type").choices = Claim.ExpenseType.choices
        self.fields["expense_type"].required = True
        self._set_up_methods(membership, expense=True)
        if self.instance.pk:
            self.initial.setdefault("amount", self.instance.amount_due)
        mileage = Rate.objects.filter(
            collaboration=membership.collaboration, activity=Activity.MILEAGE
        ).first()
        if mileage:
            self.fields["miles"].help_text = f"Paid at {mileage.amount * 100:.0f}p a mile."
        limit = money.payment_settings(membership.collaboration).advance_approval_over
        self.fields["approval_in_advance"].help_text = (
            f"For anything over {money.pounds(limit)}, ask first: we can approve it, "
            "or book and pay for it ourselves, so you are not out of pocket."
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        kind = cleaned.get("expense_type")
        if kind == Claim.ExpenseType.MILEAGE:
            if not cleaned.get("miles"):
                self.add_error("miles", "Say how many miles you drove.")
        elif kind and cleaned.get("amount") in (None, Decimal("0")):
            self.add_error("amount", "Say how much it was, in pounds and pence.")
        return cleaned

    def save(self, commit=True):
        claim = super().save(commit=False)
        if claim.expense_type == Claim.ExpenseType.MILEAGE:
            claim.miles = self.cleaned_data["miles"]
        else:
            claim.miles = Decimal("0")
            claim.amount_due = self.cleaned_data["amount"]
        receipt = self.cleaned_data.get("receipt")
        if receipt:
            claim.receipt_name = sent_file_name(self, "receipt")[:200]
            claim.receipt.save(receipt.name, receipt, save=False)
        if commit:
            claim.save()
        return claim


class ClaimChoiceForm(PaymentChoiceMixin, PlainLabelsMixin, forms.ModelForm):
    """On a claim waiting for the member: how to be paid, a lower amount, or paying later."""

    lower_amount = _money_field("Pay me less (£, optional)", required=False)
    pay_not_before = DateField(
        label="Don't pay me before (optional)",
        required=False,
        help_text="For example the 1st of next month, to keep it out of this month's total.",
    )

    class Meta:
        model = Claim
        fields = ["method", "lower_amount", "pay_not_before"]

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_methods(membership, expense=self.instance.kind == Claim.Kind.EXPENSE)
        self.fields["lower_amount"].help_text = (
            f"The full amount is {money.pounds(self.instance.amount_due)}. "
            "You give up the rest: it is not paid later."
        )

    def clean_lower_amount(self):
        amount = self.cleaned_data.get("lower_amount")
        if amount is not None and amount >= self.instance.amount_due:
            raise ValidationError(
                f"This should be less than {money.pounds(self.instance.amount_due)}, "
                "or leave it empty to be paid in full."
            )
        return amount


class SplitForm(PlainLabelsMixin, forms.Form):
    later_hours = forms.DecimalField(
        label="Hours to be paid later",
        min_value=Decimal("0.25"),
        max_value=Decimal("100"),
        decimal_places=2,
        widget=forms.TextInput(attrs=MONEY),
    )
    pay_later_from = DateField(label="Pay those hours from")


class ReceiptForm(forms.Form):
    """A receipt added to an expense claim after it was made."""

    receipt = ReceiptField(
        label="Add a receipt (a photo or a PDF)",
        help_text="Up to 10 MB. We remove the location from photos before keeping them.",
        error_messages={"required": "Choose a photo or a PDF of the receipt first."},
    )

    def __init__(self, *args, replacing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:
            self.fields["receipt"].label = "Replace the receipt (a photo or a PDF)"


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label="What needs to change?", max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class MarkPaidForm(PlainLabelsMixin, forms.Form):
    paid_on = DateField(label="Day the money was sent")


class ReverseForm(forms.Form):
    reason = forms.CharField(label="Why is it being reversed?", max_length=500)


_SORT_CODE = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^\d{8}$")


class PayeeDetailsForm(PlainLabelsMixin, forms.ModelForm):
    # Longer than the stored values: people type spaces and dashes, which are taken out.
    sort_code = forms.CharField(
        required=False,
        max_length=12,
        help_text="6 numbers, for example 30-90-21.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    account_number = forms.CharField(
        required=False,
        max_length=12,
        help_text="8 numbers.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = PayeeDetails
        fields = [
            "method",
            "account_name",
            "sort_code",
            "account_number",
            "voucher_email",
            "charity_name",
        ]
        widgets = {"method": forms.RadioSelect}
        help_texts = {"account_name": "As the bank has it, up to 18 letters."}

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.under_18 = membership.user.is_under_18
        if self.under_18:
            for name in ("account_name", "sort_code", "account_number", "method"):
                del self.fields[name]

    def clean_sort_code(self):
        value = re.sub(r"[\s-]", "", self.cleaned_data.get("sort_code", ""))
        if value and not _SORT_CODE.match(value):
            raise ValidationError("A sort code is 6 numbers, for example 30-90-21.")
        return value

    def clean_account_number(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("account_number", ""))
        if value and not _ACCOUNT.match(value):
            raise ValidationError("An account number is 8 numbers.")
        return value

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        method = cleaned.get("method")
        if method == PaymentMethod.BANK and not all(
            cleaned.get(f) for f in ("account_name", "sort_code", "account_number")
        ):
            raise ValidationError(
                "To be paid by bank transfer, give the name on the account, the sort code "
                "and the account number. Or choose another way."
            )
        if method == PaymentMethod.CHARITY and not cleaned.get("charity_name"):
            self.add_error("charity_name", "Which charity should we pay?")
        return cleaned


class EarningsLimitForm(PlainLabelsMixin, forms.ModelForm):
    preset = forms.ModelChoiceField(
        label="Use a published limit (optional)",
        queryset=BenefitLimit.objects.all(),
        required=False,
        empty_label="No, I'll set my own",
        help_text="We fill in the figure; it replaces the weekly or monthly limit below.",
    )
    weekly_limit = _money_field("Weekly limit (£)", required=False)
    monthly_limit = _money_field("Monthly limit (£)", required=False)

    class Meta:
        model = EarningsLimit
        fields = ["preset", "weekly_limit", "monthly_limit"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data  # what super().clean() gives back, typed as such
        preset = cleaned.get("preset")
        if preset:
            field = "weekly_limit" if preset.period == BenefitLimit.Period.WEEK else "monthly_limit"
            cleaned[field] = preset.amount
            self.instance.based_on = preset.name
        return cleaned
