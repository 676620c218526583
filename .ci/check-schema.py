"""Validates site descriptions against `sipgpo schema` with a validator sipgpo did not write (Python's jsonschema).

Usage: check-schema.py SCHEMA --valid FILE... --invalid FILE...
Every --valid file must validate; every --invalid file must be rejected (each names what it breaks).
"""
import json
import sys

import jsonschema
import yaml


def main(argv):
    schema_path, rest = argv[0], argv[1:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    mode, failures, checked = None, 0, 0
    for arg in rest:
        if arg in ("--valid", "--invalid"):
            mode = arg
            continue
        with open(arg, encoding="utf-8") as f:
            instance = yaml.safe_load(f)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        checked += 1
        if mode == "--valid" and errors:
            failures += 1
            for error in errors:
                path = "/".join(str(p) for p in error.absolute_path)
                print(f"FAIL: {arg}: /{path}: {error.message}", file=sys.stderr)
        elif mode == "--invalid" and not errors:
            failures += 1
            print(f"FAIL: {arg} should be rejected by the schema", file=sys.stderr)
        else:
            first = errors[0].message[:100] if errors else ""
            print(f"ok ({'valid' if not errors else 'rejected: ' + first}): {arg}")
    if checked == 0:
        sys.exit("FAIL: no file checked")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
