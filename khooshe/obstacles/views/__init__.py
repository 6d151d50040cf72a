"""Obstacle pages by subject: ``public.py`` (province list, detail, similar), ``actions.py``
(report and every step), ``secretariat.py`` (escalation list)."""
