from django.urls import path

from payments import views

app_name = "payments"

C = "c/<slug:collaboration_slug>/"
P = C + "people/<uuid:person_code>/payments/"

urlpatterns = [
    path(P, views.person_payments, name="person-payments"),
    path(P + "claim/", views.claim_new, name="claim-new"),
    path(P + "expense/", views.expense_new, name="expense-new"),
    path(P + "how-to-pay-me/", views.payee_details, name="payee-details"),
    path(P + "limits/", views.earnings_limits, name="earnings-limits"),
    path(P + "statement/<int:year>.pdf", views.tax_year_statement, name="statement"),
    path(P + "jobcentre-letter.pdf", views.jobcentre_letter, name="jobcentre-letter"),
    path(C + "claims/<uuid:code>/", views.claim_detail, name="claim"),
    path(C + "claims/<uuid:code>/receipt/", views.claim_receipt, name="claim-receipt"),
    path(C + "claims/<uuid:code>/decide/", views.claim_decide, name="claim-decide"),
    path(C + "payments/approvals/", views.approvals, name="approvals"),
    path(C + "payments/batches/", views.batch_list, name="batches"),
    path(C + "payments/batches/<uuid:code>/", views.batch_detail, name="batch"),
    path(C + "payments/batches/<uuid:code>/claims.csv", views.batch_export, name="batch-export"),
    path(C + "payments/batches/<uuid:code>/bank.csv", views.batch_bank_file, name="batch-bank"),
    path(C + "payments/batches/<uuid:code>/paid/", views.batch_mark_paid, name="batch-paid"),
    path(C + "payments/<uuid:code>/reverse/", views.payment_reverse, name="payment-reverse"),
    path(C + "payments/totals/", views.payment_totals, name="totals"),
]
