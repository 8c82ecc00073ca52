"""Reading PostgreSQL plans (EXPLAIN (FORMAT JSON)) for the bench: which big tables a page reads sequentially."""
from __future__ import annotations


def seq_scanned(plan: dict) -> set[str]:
    """Tables read by a Seq Scan anywhere in a plan node and its children."""
    found = {plan["Relation Name"]} if plan.get("Node Type") == "Seq Scan" and "Relation Name" in plan else set()
    for child in plan.get("Plans", []):
        found |= seq_scanned(child)
    return found


def big_tables(tables: set[str], rows: dict[str, int], min_rows: int) -> list[str]:
    """'table (rows)' for the tables of at least min_rows rows, biggest first."""
    big = sorted(((rows.get(name, 0), name) for name in tables if rows.get(name, 0) >= min_rows), reverse=True)
    return [f"{name} ({count})" for count, name in big]
