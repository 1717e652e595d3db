"""The letter's findings, under /inspections/<pk>/letter/findings/, and the determination,
under /inspections/<pk>/determination/."""

from django.urls import path

from reports import draft_views, views

app_name = "reports"
urlpatterns = [
    path("<int:pk>/letter/findings/", views.finding_list, name="findings"),
    path("<int:pk>/letter/findings/add/", views.finding_add, name="finding-add"),
    path("<int:pk>/letter/findings/<int:finding_pk>/change/", views.finding_edit,
         name="finding-edit"),
    path("<int:pk>/letter/findings/<int:finding_pk>/remove/", views.finding_remove,
         name="finding-remove"),
    path("<int:pk>/letter/findings/<int:finding_pk>/move/", views.finding_move,
         name="finding-move"),
    path("<int:pk>/letter/findings/<int:finding_pk>/evidence/", views.finding_evidence,
         name="finding-evidence"),
    path("<int:pk>/letter/pdf/", views.letter_pdf, name="letter-pdf"),
    path("<int:pk>/letter/pdf/<int:render_pk>/", views.letter_pdf_download,
         name="letter-pdf-download"),
    path("<int:pk>/determination/", views.determination, name="determination"),
    path("<int:pk>/determination/recommend/", views.determination_recommend,
         name="determination-recommend"),
    path("<int:pk>/determination/decide/", views.determination_decide,
         name="determination-decide"),
    path("<int:pk>/letter/findings/<int:finding_pk>/evidence/<int:record_pk>/unlink/",
         views.finding_evidence_unlink, name="finding-evidence-unlink"),
    path("<int:pk>/letter/changes/", views.letter_changes, name="letter-changes"),
]

# The restricted draft with the local area (reports.draft_views).
urlpatterns += [
    path("<int:pk>/letter/draft/", draft_views.draft, name="draft"),
    path("<int:pk>/letter/draft/pdf/", draft_views.draft_pdf, name="draft-pdf"),
    path("<int:pk>/letter/recipients/", draft_views.recipients, name="recipients"),
    path("<int:pk>/letter/recipients/<int:recipient_pk>/remove/",
         draft_views.recipient_remove, name="recipient-remove"),
    path("<int:pk>/letter/comments/", draft_views.comments, name="comments"),
    path("<int:pk>/letter/comments/<int:comment_pk>/answer/", draft_views.comment_answer,
         name="comment-answer"),
]
urlpatterns += [path("<int:pk>/letter/copies/", draft_views.copies, name="copies")]
