from django import template
from django.utils.safestring import SafeString

from reflections.faces import feeling_face

register = template.Library()


@register.filter(name="feeling_face")
def feeling_face_filter(feeling: int | None, size: int = 32) -> SafeString | str:
    """`{{ reflection.feeling|feeling_face }}`: the face for a feeling, or nothing."""
    return feeling_face(feeling, size) if feeling else ""
