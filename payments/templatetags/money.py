from django import template

from payments.money import pounds as _pounds

register = template.Library()


@register.filter
def pounds(value) -> str:
    """£1,234.50"""
    return _pounds(value)
