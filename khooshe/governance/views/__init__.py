"""Pages of the governance capability, one module per subject (``urls`` imports them):
the promise board, commitments, bodies, meetings, agreements, projects, elections and the
iCalendar feeds. Every write goes through a service, called with :mod:`khooshe.core.pages`
(a refused form answers 400 or 409; a button follows post/redirect/get)."""
