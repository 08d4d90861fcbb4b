"""Template helpers of the campaign settings form."""

from django import forms, template

register = template.Library()


@register.filter
def fields_named(form: forms.Form, names: str) -> list[forms.BoundField]:
    """The form's bound fields named in a space-separated list, in that order."""
    return [form[name] for name in names.split() if name in form.fields]
