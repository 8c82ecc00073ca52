"""Workflow of an application (design §2): one table of transitions, guarded operations, frozen snapshots."""
from .errors import TransitionRefused
from .transitions import TRANSITIONS, Action, Transition, allowed, can_edit, target

__all__ = ["TRANSITIONS", "Action", "Transition", "TransitionRefused", "allowed", "can_edit", "target"]
