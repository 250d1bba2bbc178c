from django import template

from .. import documents

register = template.Library()


@register.filter
def quorum_sentence(quorum) -> str:
    return documents.quorum_sentence(quorum)


@register.filter
def tally_sentence(tally) -> str:
    return documents.tally_sentence(tally)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
