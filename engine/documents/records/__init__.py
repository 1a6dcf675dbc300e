"""Reading one page's facts (see `page.Page`)."""

from .education import degree_level
from .page import Page

__all__ = ["Page", "degree_level"]
