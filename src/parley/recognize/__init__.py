"""Recognition: mentions of registry entities in text, and name-like phrases the registry lacks."""

from parley.recognize.candidates import Candidate, find_candidates
from parley.recognize.mentions import MentionMatch, document_context, find_mentions

__all__ = ["Candidate", "MentionMatch", "document_context", "find_candidates", "find_mentions"]
