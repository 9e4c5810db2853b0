"""Page numbers for every list: 50 items a page unless asked, at most 200."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class Pages(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, description="页码，从 1 开始")
        page_size: int | None = Field(None, ge=1, description=f"每页条数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}")

    class Output(Schema):
        items: list = Field(..., description="本页内容")
        count: int = Field(..., description="符合条件的总数")

    def __init__(self, **kwargs) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
