"""Versioned prompt and question templates (name.vN.jinja) with a strict render().

Templates arrive with the features that use them (classification, conversation).
"""

__all__: list[str] = []
