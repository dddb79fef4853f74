"""Page-number pagination whose bad input is a 400 in the one error format, not a 404 or a 500."""
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        page_number = request.query_params.get(self.page_query_param) or "1"
        if page_number in self.last_page_strings:
            return paginator.num_pages
        valid = page_number.isascii() and page_number.isdigit() and len(page_number) <= 9
        if not valid or int(page_number) < 1:
            raise ValidationError({self.page_query_param: ['A page is a whole number from 1, or "last".']})
        return int(page_number)
