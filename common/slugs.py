from django.db import models
from django.utils.text import slugify


def unique_slug(*, model: type[models.Model], text: str, max_length: int = 200) -> str:
    """A slug of ``text`` that no row of ``model`` has yet (“fiche” when ``text`` has no
    letter), numbered from 2 when taken."""
    base = slugify(text)[: max_length - 8] or "fiche"
    slug, number = base, 2
    while model._default_manager.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug
