"""The API's pagination. Bad input is a 400 in the one error format, never a 404 or a 500.

Large lists (tickets, customers) page by cursor: `next` and `previous` are links carrying a signed cursor (the
sort key of the page's edge row, `tickets.keyset`), so the 500th page costs what the first does and nothing
counts the caller's whole scope. Short lists (a ticket's messages, the queues) keep page numbers and a count.
"""
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from tickets.keyset import BadCursor, Cursor, Key, cursor_decode, cursor_encode, keyset_page

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_number(self, request, paginator):
        page_number = request.query_params.get(self.page_query_param) or "1"
        if page_number in self.last_page_strings:
            return paginator.num_pages
        valid = page_number.isascii() and page_number.isdigit() and len(page_number) <= 9
        if not valid or int(page_number) < 1:
            raise ValidationError({self.page_query_param: [_('A page is a whole number from 1, or "last".')]})
        return int(page_number)


class CursorPagination(BasePagination):
    """Keyset pages in the view's order (its `ordering`, or the `ordering` parameter through OrderingFilter), the
    id last so every row has one place. A cursor is bound to the order it was made for."""

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def _keys(self, request, queryset, view) -> tuple[str, list[Key]]:
        # The caller picks the order only where the view offers OrderingFilter (and its `ordering_fields`).
        fields = getattr(view, "ordering", None) or ["pk"]
        for backend in getattr(view, "filter_backends", []):
            if issubclass(backend, OrderingFilter):  # the view's own, which may translate a customer's order
                fields = backend().get_ordering(request, queryset, view) or fields
        keys = [Key(field.lstrip("-"), desc=field.startswith("-")) for field in fields if field.lstrip("-") != "pk"]
        keys.append(Key("id", desc=keys[-1].desc if keys else False))
        return ",".join(fields), keys

    def _page_size(self, request) -> int:
        value = request.query_params.get(self.page_size_query_param, "")
        if not value:
            return PAGE_SIZE
        if not (value.isascii() and value.isdigit() and len(value) <= 9) or int(value) < 1:
            message = _("A page size is a whole number from 1 to %(most)s.") % {"most": MAX_PAGE_SIZE}
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(value), MAX_PAGE_SIZE)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.order, keys = self._keys(request, queryset, view)
        token = request.query_params.get(self.cursor_query_param, "")
        try:
            cursor = cursor_decode(token, order=self.order, keys=keys) if token else None
        except BadCursor as error:
            raise ValidationError({self.cursor_query_param: [error.message]}) from None
        self.page = keyset_page(queryset, keys=keys, size=self._page_size(request), cursor=cursor)
        return self.page.rows

    def _link(self, cursor: Cursor | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor_encode(cursor, order=self.order))

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self._link(self.page.next), "previous": self._link(self.page.previous),
                         "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "The next page, or null on the last one."},
                "previous": {**link, "description": "The page before, or null on the first one."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {"name": self.cursor_query_param, "required": False, "in": "query",
             "description": "From a `next` or `previous` link; leave out for the first page.",
             "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "required": False, "in": "query",
             "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
        ]


