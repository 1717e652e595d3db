"""The written statement of action's pages, under /statements-of-action/: each statement's
own (wsoa.page_urls), the national tracker (wsoa.tracker_urls), the Regional Director's
letter (wsoa.letter_urls) and a re-visit's judgements of progress (wsoa.revisit_urls)."""

from wsoa.letter_urls import urlpatterns as letter_urls
from wsoa.page_urls import urlpatterns as page_urls
from wsoa.revisit_urls import urlpatterns as revisit_urls
from wsoa.tracker_urls import urlpatterns as tracker_urls

app_name = "wsoa"
urlpatterns = [*tracker_urls, *page_urls, *letter_urls, *revisit_urls]
