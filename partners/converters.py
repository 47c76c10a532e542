"""URL parts that only match what can exist, so that nonsense is a 404 before any query."""

from django.urls import register_converter


class DepartmentCodeConverter:
    regex = r"[0-9]{2}|2[AB]|97[1-6]"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TokenConverter:
    regex = r"[A-Za-z0-9_-]{8,100}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(DepartmentCodeConverter, "department")
register_converter(TokenConverter, "token")
