"""The five feeling faces, drawn as small SVG pictures.

They used to be emoji, which show as empty boxes where no emoji font is installed (many
work laptops, some phones, every PDF). Each face has its word beside it, so the picture is
decoration (`aria-hidden`): a screen reader hears "Not good", not a description of a face.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

# The mouth of each face, from a deep frown (1, awful) to a wide smile (5, great).
_MOUTHS = {
    1: "M15 35 Q24 25 33 35",
    2: "M16 33 Q24 29 32 33",
    3: "M16 31 L32 31",
    4: "M16 29 Q24 35 32 29",
    5: "M14 27 Q24 40 34 27 Z",
}
# Awful also has its eyebrows raised in the middle.
_BROWS = "M12 14 L20 11 M36 14 L28 11"


def feeling_face(feeling: int, size: int = 48) -> SafeString:
    """The face for a feeling from 1 (awful) to 5 (great), `size` pixels across."""
    brows = format_html('<path d="{}" class="face__line"/>', _BROWS) if feeling == 1 else ""
    return format_html(
        '<svg class="face face--{}" viewBox="0 0 48 48" width="{}" height="{}" '
        'aria-hidden="true" focusable="false">'
        '<circle cx="24" cy="24" r="21" class="face__head"/>'
        '<circle cx="17" cy="19" r="2.6" class="face__eye"/>'
        '<circle cx="31" cy="19" r="2.6" class="face__eye"/>'
        "{}"
        '<path d="{}" class="face__line{}"/>'
        "</svg>",
        feeling,
        size,
        size,
        brows,
        _MOUTHS[feeling],
        " face__mouth--open" if feeling == 5 else "",
    )
