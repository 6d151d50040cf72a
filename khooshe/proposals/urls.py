from django.urls import path

from khooshe.proposals.views import answers, calls, dossiers, lists, proposals

app_name = "proposals"

urlpatterns = [
    path("", lists.index, name="index"),
    path("mine/", lists.mine, name="mine"),
    path("screening/", lists.screening, name="screening"),
    path("public/", lists.public, name="public"),
    path("public/<int:pk>/", lists.public_detail, name="public_detail"),
    path("statistics/", lists.statistics, name="statistics"),
    path("answers/", answers.answers, name="answers"),
    path(
        "<int:pk>/answers/<int:answer_pk>/publish/",
        answers.answer_publish,
        name="answer_publish",
    ),
    path("<int:pk>/award/", answers.award, name="award"),
    path("dossiers/<int:pk>/assign/", answers.dossier_assign, name="dossier_assign"),
    path("new/", proposals.proposal_create, name="create"),
    path("<int:pk>/", proposals.proposal_detail, name="detail"),
    path("<int:pk>/edit/", proposals.proposal_edit, name="edit"),
    path("<int:pk>/act/<slug:action>/", proposals.proposal_act, name="act"),
    path("<int:pk>/attachments/", proposals.proposal_attach, name="attach"),
    path("<int:pk>/score/", proposals.proposal_score, name="score"),
    path("<int:pk>/suggestions/", proposals.proposal_suggestions, name="suggestions"),
    path("<int:pk>/shortlist/", proposals.shortlist_add, name="shortlist_add"),
    path(
        "<int:pk>/shortlist/<int:entry_pk>/remove/",
        proposals.shortlist_remove,
        name="shortlist_remove",
    ),
    path("<int:pk>/history/", proposals.proposal_history, name="history"),
    path("board/", dossiers.board, name="board"),
    path("dossiers/", dossiers.dossier_list, name="dossiers"),
    path("dossiers/new/", dossiers.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/forward/", dossiers.dossier_forward, name="dossier_forward"),
    path(
        "dossiers/<int:pk>/proposals/<int:proposal_pk>/<slug:op>/",
        dossiers.dossier_membership,
        name="dossier_membership",
    ),
    path("priorities/", dossiers.priorities, name="priorities"),
    path("calls/", calls.call_list, name="calls"),
    path("calls/ongoing/", calls.call_ongoing, name="call_ongoing"),
    path("calls/new/", calls.call_create, name="call_create"),
    path("calls/<int:pk>/", calls.call_detail, name="call_detail"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/extend/", calls.call_extend, name="call_extend"),
    path("<int:pk>/co-submitters/", calls.co_submitter_add, name="co_submitter_add"),
    path(
        "<int:pk>/co-submitters/<int:row_pk>/<slug:op>/",
        calls.co_submitter_act,
        name="co_submitter_act",
    ),
    path("public/<int:pk>/cooperation/<slug:op>/", calls.cooperation, name="cooperation"),
]
