"""An import-linter contract for names that import-linter cannot see: ``from flask import request`` is an import
of ``flask``, which the domain may use (``current_app``, ``render_template``), so a forbidden contract on the
package cannot tell the request-bound names apart. This one reads the import statements of each source module.
"""
from __future__ import annotations

import ast
import importlib.util
from functools import cache

from importlinter.application import output
from importlinter.domain import fields, helpers
from importlinter.domain.contract import Contract, ContractCheck


@cache
def imported_names(module: str) -> frozenset[str]:
    """Every ``package.name`` a module imports by ``from package import name`` (and whole modules it imports)."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return frozenset()
    with open(spec.origin, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return frozenset(names)


def matches(name: str, forbidden: str) -> bool:
    return name == forbidden or name.startswith(forbidden + ".")


class RequestBoundNamesContract(Contract):
    """Source modules, except the allowed ones, must not import any of the forbidden names."""

    type_name = "request_bound_names"

    source_modules = fields.SetField(subfield=fields.ModuleExpressionField())
    allowed_modules = fields.SetField(subfield=fields.ModuleExpressionField())
    forbidden_names = fields.SetField(subfield=fields.StringField())

    def check(self, graph, verbose: bool) -> ContractCheck:
        sources = helpers.module_expressions_to_modules(graph, self.source_modules)
        allowed = helpers.module_expressions_to_modules(graph, self.allowed_modules)
        checked = sorted(module.name for module in sources - allowed)
        violations = [
            {"module": module, "name": name}
            for module in checked
            for name in sorted(imported_names(module))
            if any(matches(name, forbidden) for forbidden in self.forbidden_names)
        ]
        if verbose:
            output.verbose_print(verbose, f"Read the imports of {len(checked)} modules.")
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            output.print_error(f"{violation['module']} imports {violation['name']}", bold=False)
        output.new_line()
