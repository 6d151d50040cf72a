"""The reusable history tab: a capability's view fetches the record with its own
permission-checked selector and hands it here. Who made each change is shown only to staff and
to the person who made it (``history_entries(viewer=)``)."""

from django.shortcuts import render

from khooshe.history.selectors import history_entries


def render_history(request, obj, *, back_url: str = "", title: str = ""):
    return render(
        request,
        "history/page.html",
        {
            "object": obj,
            "entries": history_entries(obj, viewer=request.user),
            "back_url": back_url,
            "title": title,
        },
    )
