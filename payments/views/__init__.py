"""Pages for claiming, approving and paying, one module each: a member's payments, claims,
statements, approvals and batches. Every view goes through the permission policy: members'
own pages through `person_view`, claims through `payments.permissions`, staff and finance
pages through `collaboration_view`."""
