#!/usr/bin/env python3
"""Parses generated deploy.ps1 files with tree-sitter-powershell (a third-party PowerShell grammar; no PowerShell
runs here) and fails when:

- the tree has an ERROR or a missing node (a syntax error);
- the script does not start with a UTF-8 byte-order mark, or its text before the site's calls is not the library
  (templates/powershell/deploy.ps1), so a site string can be only in the calls;
- a call is not one of the library's functions, or an argument is anything but a parameter name, a number, a
  single-quoted literal, or a parenthesised concatenation of single-quoted literals and [char]0xHHHH casts (a site
  string outside a string literal shows up as a variable, a sub-expression, a command or an operator).

tree-sitter follows ASCII quotes only; PowerShell also ends a literal at U+2018-U+201B. That rule is checked by the
Swift tests (PowerShellTokens, ScriptTextTests), beside the escaping function.

Usage: check-deploy-ps1.py LIBRARY DEPLOY.PS1...
"""
import sys

import tree_sitter
import tree_sitter_powershell

MARKER = b"# ---- The site's calls"
FUNCTIONS = {"Deploy-SipgpoGpo", "Set-SipgpoLink", "Add-SipgpoSrvRecord"}
# Node types an argument may be made of: the wrappers the grammar puts around a literal, a number, a `+`
# concatenation and a `[char]` cast.
ARGUMENT_NODES = {
    "array_literal_expression", "unary_expression", "parenthesized_expression", "pipeline", "pipeline_chain",
    "logical_expression", "bitwise_expression", "comparison_expression", "additive_expression",
    "multiplicative_expression", "format_expression", "range_expression", "expression_with_unary_operator",
    "cast_expression", "type_literal", "type_spec", "type_name", "type_identifier", "string_literal",
    "verbatim_string_characters", "integer_literal", "decimal_integer_literal", "hexadecimal_integer_literal",
}
ARGUMENT_TOKENS = {"(", ")", "[", "]", "+"}


def location(source, node):
    line, column = node.start_point
    text = source[node.start_byte:node.end_byte].decode("utf-8", "replace")
    return f"{line + 1}:{column + 1}: {text[:80]!r}"


def syntax_errors(source, node, out):
    if node.type == "ERROR" or node.is_missing:
        out.append(f"syntax error ({'missing ' + node.type if node.is_missing else 'ERROR'}) at "
                   + location(source, node))
    for child in node.children:
        syntax_errors(source, child, out)


def argument_errors(source, node, out):
    if node.is_named:
        if node.type not in ARGUMENT_NODES:
            out.append(f"{node.type} in an argument (a site string outside a literal?) at " + location(source, node))
            return
        if node.type == "string_literal" and not source[node.start_byte:node.end_byte].startswith(b"'"):
            out.append("a string that is not single-quoted at " + location(source, node))
        if node.type == "type_identifier" and source[node.start_byte:node.end_byte] != b"char":
            out.append("a cast to something other than [char] at " + location(source, node))
    elif node.type not in ARGUMENT_TOKENS:
        out.append(f"{node.type!r} in an argument at " + location(source, node))
    for child in node.children:
        argument_errors(source, child, out)


def call_errors(source, statement, out):
    if statement.type == "comment":
        return
    if statement.type != "pipeline" or statement.named_child_count != 1:
        out.append(f"{statement.type} among the site's calls at " + location(source, statement))
        return
    chain = statement.named_children[0]
    commands = chain.named_children
    if chain.type != "pipeline_chain" or len(commands) != 1 or commands[0].type != "command":
        out.append("not a single command among the site's calls at " + location(source, statement))
        return
    command = commands[0]
    name = command.child_by_field_name("command_name") or command.named_children[0]
    if name.type != "command_name" or source[name.start_byte:name.end_byte].decode() not in FUNCTIONS:
        out.append("a call of something other than the library's functions at " + location(source, name))
        return
    for elements in command.named_children[1:]:
        if elements.type != "command_elements":
            out.append(f"{elements.type} in a call at " + location(source, elements))
            continue
        for element in elements.children:
            if element.type in ("command_argument_sep", "command_parameter"):
                continue
            argument_errors(source, element, out)


def top_level(node):
    """The script's statements and comments, through the statement lists that hold them."""
    for child in node.children:
        if child.type in ("statement_list", "program"):
            yield from top_level(child)
        elif child.is_named:
            yield child


def check(parser, library, path):
    data = open(path, "rb").read()
    errors = []
    if not data.startswith(b"\xef\xbb\xbf"):
        errors.append("no UTF-8 byte-order mark (Windows PowerShell 5.1 would read the file as ANSI)")
    source = data.removeprefix(b"\xef\xbb\xbf")
    tree = parser.parse(source)
    syntax_errors(source, tree.root_node, errors)
    cut = source.find(MARKER)
    if cut < 0:
        errors.append("no line starting with " + MARKER.decode())
    else:
        if source[:cut].replace(b"\r\n", b"\n").rstrip(b"\n") != library.replace(b"\r\n", b"\n").rstrip(b"\n"):
            errors.append("the text before the site's calls is not the library " + sys.argv[1])
        for statement in top_level(tree.root_node):
            if statement.start_byte >= cut:
                call_errors(source, statement, errors)
    for error in errors:
        print(f"{path}: {error}", file=sys.stderr)
    return not errors


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_powershell.language()))
    library = open(sys.argv[1], "rb").read()
    failed = [path for path in sys.argv[2:] if not check(parser, library, path)]
    for path in sys.argv[2:]:
        if path not in failed:
            print(f"ok (tree-sitter-powershell): {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
