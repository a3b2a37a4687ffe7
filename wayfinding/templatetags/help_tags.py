from django import template

from wayfinding.help import topic_url

register = template.Library()


@register.simple_tag
def help_url(topic):
    """The Panduan section a form's heading links to; an unknown topic is an error, not a dead link."""
    return topic_url(topic)
