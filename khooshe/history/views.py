"""The reusable history tab: a capability's view fetches the record with its own
permission-checked selector and hands it here."""

from django.shortcuts import render

from khooshe.history.selectors import history_entries


def render_history(request, obj, *, back_url: str = "", title: str = ""):
    return render(
        request,
        "history/page.html",
        {"object": obj, "entries": history_entries(obj), "back_url": back_url, "title": title},
    )
