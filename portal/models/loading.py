"""Lazy loads refused when SQLALCHEMY_RAISELOAD is set: the whole test suite runs with it on (tests/conftest.py).

With the flag, every ORM select gets raiseload("*"): a relationship the query did not load eagerly raises instead
of sending one more query per row, so a page's statement count cannot grow with its rows unnoticed. A page or
operation therefore declares what it walks on the query that loads its objects (selectinload, joinedload,
contains_eager; e.g. funding.budgets.RECOMPUTE_LOADS, review.views.page.LOADS). Loads made by a relationship
loader themselves (the selectin query of an eager load) are left alone, and so is anything outside an app context.
Production leaves the flag off: a forgotten eager load costs a query there, never an error page.
"""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, raiseload


@event.listens_for(Session, "do_orm_execute")
def _raise_on_lazy_load(state: ORMExecuteState) -> None:
    if (state.is_select and not state.is_relationship_load and has_app_context()
            and current_app.config.get("SQLALCHEMY_RAISELOAD")):
        state.statement = state.statement.options(raiseload("*"))
