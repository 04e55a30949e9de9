from django import template

from coproduction import permissions

register = template.Library()


@register.filter
def name_for(user, viewer):
    """The name of `user` as `viewer` (a Membership) may see it: under-18s by first name only
    to other members."""
    return permissions.name_for(viewer, user)
