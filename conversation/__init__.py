"""Adaptive profile-building conversations (sessions, gap analysis, questions -> facts).

Arrives with the conversation-agent issue; the graph model already has ConversationSession.
"""

__all__: list[str] = []
