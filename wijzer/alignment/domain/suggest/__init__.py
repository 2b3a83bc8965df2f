"""The goal suggester (W5 §2): explainable Dutch lexical ranking with optional embedding fusion. Pure."""

from .index import GoalDoc, GoalIndex, build_index
from .rank import Suggestion, TermEvidence, fusion_for, rank

__all__ = ["GoalDoc", "GoalIndex", "Suggestion", "TermEvidence", "build_index", "fusion_for", "rank"]
