"""No SQL is built from values: every `.execute/.sql/.query/.executemany` in etl/ and dashboard/ is checked.

The first argument of such a call (or, when it is a local variable, every value assigned to it in the
function) may be text built with an f-string, `%`, `.format` or `+` only if each piece put into it is
- a constant, or a module-level UPPER_CASE constant,
- `quote(...)`, the helper that quotes an identifier the code generated itself,
- `sql(...)` / `_sql(...)`, SQL text shipped as package data and loaded by name,
- or a name in GENERATED below for that module: identifiers and fragments the code builds from its
  own constants (table and column names, `c0..cN`, `?` and `$name` placeholders), never from data.
Values always travel as bound parameters. Ruff's S608 finds many of these sites, but not all (it
misses an f-string added to a `.format` result); this check covers every one and can be read.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("etl", "dashboard")
METHODS = {"execute", "executemany", "sql", "query"}
SAFE_CALLS = {"quote", "sql", "_sql"}
# module -> name -> why the name only ever holds generated SQL. Keep this short: prefer quote() and $params.
GENERATED = {
    "etl/load/exports.py": {
        "values": "c0..cN column references from the header plan, or null, aliased to field names",
        "stage": "one select of those values per sheet, from its quoted raw table",
    },
    "etl/load/rejects.py": {
        "selected": "a select list written by etl/load/exports.py",
        "raw": "json_object($h0, r.c0, ...): headers bound as parameters",
        "from_clause": "a from clause written by etl/load/exports.py",
    },
    "etl/load/rows.py": {
        "names": "the caller's column names, quoted",
        "unnested": "unnest($cN): one bound list per column",
    },
    "etl/load/value_maps.py": {
        "name": "a map_* table name fixed in this module",
        "column": "a staging column name fixed in this module",
        "where": "a constant filter or nothing",
        "selects": "casts of bound text lists to this module's own column names and types",
    },
    "etl/sources/parquet_files.py": {
        "values": "casts of the generated columns c0..cN",
        "aliases": "the generated columns c0..cN, quoted",
    },
    "etl/mirror.py": {"view": "a constant select from _TOUCHED, or select * from a quoted item table"},
    "etl/sources/records.py": {"values": "the generated columns c0..cN, from JSON pointers bound as a list"},
    "etl/sources/tables.py": {"blank": "coalesce(c0, ..., cN) is null, the generated columns quoted"},
    "etl/status.py": {"name": "a relation from COUNTED"},
    "dashboard/lake.py": {
        "typed": "quoted names and types from the lake's manifest, each checked against _NAME or _TYPE",
        "kind": "'view' or 'table'",
        "source": "read_parquet of the lake's own folder (quoted: a view takes no parameters), checked names",
    },
}


@dataclass(frozen=True)
class Finding:
    """A piece of SQL text that does not come from a constant, quote(), sql() or the allowlist."""

    file: str
    line: int
    piece: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: SQL built from {self.piece!r}: bind it as a parameter or quote() it"


def pieces(node: ast.expr) -> list[ast.expr] | None:
    """What an f-string, %, .format or + puts into the text; None when `node` is not built text."""
    if isinstance(node, ast.JoinedStr):
        return [part.value for part in node.values if isinstance(part, ast.FormattedValue)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return [node.left, node.right]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [*(pieces(node.left) or [node.left]), *(pieces(node.right) or [node.right])]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return [node.func.value, *node.args, *(keyword.value for keyword in node.keywords)]
    return None


def is_safe(piece: ast.expr, allowed: dict[str, str]) -> bool:
    if isinstance(piece, ast.Constant):
        return True
    if isinstance(piece, ast.Name):
        return piece.id.isupper() or piece.id.lstrip("_").isupper() or piece.id in allowed
    if isinstance(piece, ast.JoinedStr) or (isinstance(piece, ast.BinOp) and pieces(piece) is not None):
        return all(is_safe(inner, allowed) for inner in pieces(piece) or [])
    if isinstance(piece, ast.Call) and isinstance(piece.func, ast.Name):
        return piece.func.id in SAFE_CALLS
    if isinstance(piece, ast.Call) and isinstance(piece.func, ast.Attribute) and piece.func.attr == "join":
        return isinstance(piece.func.value, ast.Constant) and all(is_safe(arg, allowed) for arg in piece.args)
    return False


def assigned(scope: ast.AST, name: str) -> list[ast.expr]:
    """Every value assigned to `name` in `scope` (a function, or the module)."""
    values = []
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            values.append(node.value)
    return values


def enclosing_scopes(tree: ast.Module) -> dict[ast.AST, ast.AST]:
    """Each node -> the function it is in, or the module."""
    scopes: dict[ast.AST, ast.AST] = {}

    def visit(node: ast.AST, scope: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            scopes[child] = scope
            is_function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            visit(child, child if is_function else scope)

    visit(tree, tree)
    return scopes


def sql_texts(call: ast.Call, scope: ast.AST) -> list[ast.expr]:
    """The SQL argument of a call, or every value assigned to it when it is a local name."""
    first = call.args[0] if call.args else next((k.value for k in call.keywords if k.arg == "query"), None)
    if first is None:
        return []
    if isinstance(first, ast.Name) and not is_safe(first, {}):
        return assigned(scope, first.id) or [first]
    return [first]


def check_source(text: str, file: str) -> list[Finding]:
    """Every piece of SQL text in `text` built from something other than constants and the allowlist."""
    tree = ast.parse(text)
    allowed = GENERATED.get(file, {})
    scopes = enclosing_scopes(tree)
    findings = set()
    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)):
            continue
        if call.func.attr not in METHODS:
            continue
        for value in sql_texts(call, scopes[call]):
            built = pieces(value)
            candidates = built if built is not None else [value] if isinstance(value, ast.Name) else []
            findings |= {
                Finding(file, value.lineno, ast.unparse(piece))
                for piece in candidates
                if not is_safe(piece, allowed)
            }
    return sorted(findings, key=lambda finding: (finding.line, finding.piece))


def sources() -> list[Path]:
    return sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))


def test_no_sql_in_etl_or_dashboard_is_built_from_values() -> None:
    findings = [
        finding
        for path in sources()
        for finding in check_source(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert not findings, "\n".join(map(str, findings))


def test_every_allowlisted_name_is_still_used() -> None:
    for file, names in GENERATED.items():
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        assert set(names) <= used, f"{file}: remove {sorted(set(names) - used)} from GENERATED"


BAD = {
    "f-string": "def f(con, name):\n    con.execute(f\"select * from t where name = '{name}'\")\n",
    "percent": 'def f(con, value):\n    con.execute("select * from t where x = %s" % value)\n',
    "format": 'def f(con, user):\n    con.sql("select * from {}".format(user))\n',
    "plus": 'def f(cur, user):\n    cur.query("select * from t where x = " + user)\n',
    "template from a variable": "def f(con, template):\n    con.execute(template.format(x=1))\n",
    "via a local": 'def f(con, user):\n    q = f"select {user}"\n    con.executemany(q, [])\n',
    "unknown parameter": "def f(con, query):\n    con.execute(query)\n",
    "allowlisted name elsewhere": 'def f(con, table):\n    con.execute(f"drop table {table}")\n',
    "keyword argument": 'def f(con, user):\n    con.execute(query=f"select {user}")\n',
    "at module level": "import os\ncon.execute(f\"select {os.environ['X']}\")\n",
}
GOOD = {
    "bound": 'def f(con, v):\n    con.execute("select * from t where x = $x", {"x": v})\n',
    "quoted": 'def f(con, t):\n    con.execute(f"drop table {quote(t)}")\n',
    "packaged": 'def f(con, name):\n    con.execute(sql(f"marts/{name}"))\n',
    "packaged via a local": 'def f(con, c):\n    text = sql(f"checks/{c}")\n    con.execute(text)\n',
    "constant": 'INSERT = "insert into t values (?)"\ndef f(con, rows):\n    con.executemany(INSERT, rows)\n',
}


@pytest.mark.parametrize("snippet", BAD)
def test_the_check_finds_sql_built_from_values(snippet: str) -> None:
    assert check_source(BAD[snippet], "etl/example.py")


@pytest.mark.parametrize("snippet", GOOD)
def test_the_check_accepts_bound_quoted_and_packaged_sql(snippet: str) -> None:
    assert check_source(GOOD[snippet], "etl/example.py") == []
