from django.urls import path

from payments.views import approvals, batches, claims, my_payments, statements

app_name = "payments"

C = "c/<slug:collaboration_slug>/"
P = C + "people/<uuid:person_code>/payments/"

urlpatterns = [
    path(P, my_payments.person_payments, name="person-payments"),
    path(P + "claim/", claims.claim_new, name="claim-new"),
    path(P + "expense/", claims.expense_new, name="expense-new"),
    path(P + "how-to-pay-me/", my_payments.payee_details, name="payee-details"),
    path(P + "limits/", my_payments.earnings_limits, name="earnings-limits"),
    path(P + "statement/<int:year>.pdf", statements.tax_year_statement, name="statement"),
    path(P + "jobcentre-letter.pdf", statements.jobcentre_letter, name="jobcentre-letter"),
    path(C + "claims/<uuid:code>/", claims.claim_detail, name="claim"),
    path(C + "claims/<uuid:code>/send/", claims.claim_send, name="claim-send"),
    path(C + "claims/<uuid:code>/save/", claims.claim_save, name="claim-save"),
    path(C + "claims/<uuid:code>/split/", claims.claim_split, name="claim-split"),
    path(C + "claims/<uuid:code>/withdraw/", claims.claim_withdraw, name="claim-withdraw"),
    path(C + "claims/<uuid:code>/receipt/", claims.claim_receipt, name="claim-receipt"),
    path(C + "claims/<uuid:code>/receipt/add/", claims.claim_receipt_add, name="claim-receipt-add"),
    path(C + "claims/<uuid:code>/decide/", approvals.claim_decide, name="claim-decide"),
    path(C + "payments/approvals/", approvals.approvals, name="approvals"),
    path(C + "payments/batches/", batches.batch_list, name="batches"),
    path(C + "payments/batches/<uuid:code>/", batches.batch_detail, name="batch"),
    path(C + "payments/batches/<uuid:code>/claims.csv", batches.batch_export, name="batch-export"),
    path(C + "payments/batches/<uuid:code>/bank.csv", batches.batch_bank_file, name="batch-bank"),
    path(C + "payments/batches/<uuid:code>/paid/", batches.batch_mark_paid, name="batch-paid"),
    path(C + "payments/<uuid:code>/reverse/", batches.payment_reverse, name="payment-reverse"),
    path(C + "payments/totals/", batches.payment_totals, name="totals"),
]
