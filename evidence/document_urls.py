from django.urls import path

from evidence.views import documents as views

urlpatterns = [
    # Information requests, and the files the local area gives in answer.
    path("<int:pk>/requests/", views.request_list, name="requests"),
    path("<int:pk>/requests/add/", views.request_add, name="request-add"),
    path("<int:pk>/requests/<int:request_pk>/", views.request_detail, name="request"),
    path("<int:pk>/requests/<int:request_pk>/upload/", views.request_upload,
         name="request-upload"),
    path("<int:pk>/requests/<int:request_pk>/answer/", views.request_answer,
         name="request-answer"),
    # Documents inspectors attach to evidence.
    path("<int:pk>/evidence/<int:record_pk>/documents/", views.record_documents,
         name="record-documents"),
    path("<int:pk>/evidence/<int:record_pk>/documents/add/", views.record_document_add,
         name="record-document-add"),
    # Any document's version, for those who may have it.
    path("<int:pk>/documents/<int:version_pk>/", views.document_download,
         name="document-download"),
]
