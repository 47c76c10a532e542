"""URL parts that only match what can exist, so that nonsense is a 404 before any query."""

from django.urls import register_converter
from django.urls.converters import StringConverter


class DepartmentCodeConverter(StringConverter):
    regex = r"[0-9]{2}|2[AB]|97[1-6]"


class TokenConverter(StringConverter):
    regex = r"[A-Za-z0-9_-]{8,100}"


register_converter(DepartmentCodeConverter, "department")
register_converter(TokenConverter, "token")
