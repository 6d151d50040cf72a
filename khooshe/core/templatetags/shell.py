"""The shell's registered pieces in templates: ``{% home_panels %}`` on the home page and
``{% profile_panels organization %}`` on an organization's profile (see
:mod:`khooshe.core.registrations`)."""

from django import template

from khooshe.core.registrations import render_home_panels, render_profile_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def home_panels(context):
    return render_home_panels(context["request"])


@register.simple_tag(takes_context=True)
def profile_panels(context, organization):
    return render_profile_panels(context["request"], organization)
