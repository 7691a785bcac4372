from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def urlencode_dict(params: dict) -> str:
    return urlencode(params)
