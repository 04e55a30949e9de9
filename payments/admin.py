"""Rates, benefit limits, payment settings and employment-status decisions: figures and
choices that change every April or by policy.

Seeded figures are marked "check the current figure" until an administrator has checked them.
Claims, batches and payments are shown here read-only: they change only on their own pages,
which keep their rules (approved amounts are fixed; payments are reversed, never edited).
"""

from django.contrib import admin, messages

from coproduction.admin_site import ReadOnlyAdmin
from payments.models import (
    BenefitLimit,
    Claim,
    EmploymentStatusDecision,
    Payment,
    PaymentBatch,
    PaymentSettings,
    Rate,
)

CHECK = (
    "Some figures are seeded defaults marked 'check the current figure'. Check them against the "
    "current guidance (NIHR, gov.uk), then untick the box. To change a rate, add a new line "
    "with the date it starts: claims already approved keep the rate they were approved at."
)


class CheckFiguresMixin(admin.ModelAdmin):
    def changelist_view(self, request, extra_context=None):
        if self.model.objects.filter(needs_checking=True).exists():
            messages.warning(request, CHECK)
        return super().changelist_view(request, extra_context)


@admin.register(Rate)
class RateAdmin(CheckFiguresMixin, admin.ModelAdmin):
    list_display = ["activity", "unit", "amount", "valid_from", "collaboration", "needs_checking"]
    list_filter = ["collaboration", "activity", "needs_checking"]


@admin.register(BenefitLimit)
class BenefitLimitAdmin(CheckFiguresMixin, admin.ModelAdmin):
    list_display = ["name", "period", "amount", "valid_from", "needs_checking"]
    list_filter = ["needs_checking"]


@admin.register(PaymentSettings)
class PaymentSettingsAdmin(admin.ModelAdmin):
    list_display = ["collaboration", "turnaround_days", "approval_nudge_days"]


@admin.register(EmploymentStatusDecision)
class EmploymentStatusDecisionAdmin(admin.ModelAdmin):
    """To change a decision, add a new one with the day it was made: the old one stays."""

    list_display = ["collaboration", "role", "status", "decided_on", "decided_by"]
    list_filter = ["collaboration", "role", "status"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["description", "membership", "kind", "status", "amount_due", "submitted_at"]
    list_filter = ["collaboration", "status", "kind"]
    search_fields = ["description", "membership__user__name"]
    list_select_related = ["membership__user"]


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ["code", "collaboration", "created_at", "exported_at", "paid_on"]
    list_filter = ["collaboration"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["claim", "amount", "method", "paid_on", "batch", "reverses"]
    list_filter = ["collaboration", "method"]
    date_hierarchy = "paid_on"
    list_select_related = ["claim", "batch", "reverses"]
