#!/usr/bin/env python3
"""The JSON Schemas of src/schema/ against the files they describe.

Usage:
  schema_check.py SCHEMA_DIR valid DATA_DIR...   every file of each data set passes
  schema_check.py SCHEMA_DIR file KIND FILE...   each file passes KIND's schema
  schema_check.py SCHEMA_DIR bad BAD_DIR         the shape errors of tests/bad are refused
  schema_check.py SCHEMA_DIR modeline FILE...    each file's modeline names its schema
  schema_check.py SCHEMA_DIR keys SRC_DIR        the schemas know the keys and values
                                                 that the C readers know, no more

YAML is read the way casebrief reads it (YAML 1.2's core schema: only
true/false are booleans, dates stay strings, 0o17 and 0x1f are integers,
keys are strings), not PyYAML's YAML 1.1 rules, so that the schema sees
the same types as the C loader. Prints one line per problem; exit 1 when
there is any.
"""
import json
import os
import re
import sys

import jsonschema
import yaml


class CoreLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema resolution (yaml/doc.c's)."""


CoreLoader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
     r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
]
for _tag, _rx, _first in _RESOLVERS:
    CoreLoader.add_implicit_resolver(_tag, re.compile(_rx), list(_first))


def _int(loader, node):
    s = loader.construct_scalar(node)
    if s.startswith("0o"):
        return int(s[2:], 8)
    if s.startswith("0x"):
        return int(s[2:], 16)
    return int(s, 10)


def _float(loader, node):
    s = loader.construct_scalar(node).lower()
    if s.endswith(".inf"):
        return float("-inf") if s.startswith("-") else float("inf")
    if s == ".nan":
        return float("nan")
    return float(s)


def _map(loader, node):
    loader.flatten_mapping(node)
    return {str(loader.construct_object(k, deep=True)): loader.construct_object(v, deep=True)
            for k, v in node.value}


CoreLoader.add_constructor("tag:yaml.org,2002:int", _int)
CoreLoader.add_constructor("tag:yaml.org,2002:float", _float)
CoreLoader.add_constructor("tag:yaml.org,2002:map", _map)

KINDS = ("case", "audience", "tags", "dataset", "manifest", "style")

# tests/bad: which sets hold errors of shape (types, required keys, enums,
# unknown keys, id and date patterns, list lengths, the kind rules of a
# rejection, the length of a summary), which the schemas must refuse,
# and which hold errors that JSON Schema cannot express. A new set must
# be added to one of the two lists.
SHAPE = {
    "audience-rules", "bad-date", "bad-enum", "bad-id-chars", "bad-numbers", "bad-url",
    "empty-file", "missing-required", "multiple-errors", "not-a-mapping", "rejection-rules",
    "summary-too-long", "too-many-errors", "unknown-key-hint", "wrong-type", "yaml-syntax",
    "v2-audience-rules", "v2-dataset-values", "v2-dataset-yaml", "v2-evidence",
}
NOT_SHAPE = {
    # YAML itself: refused before any schema could look (aliases, bytes,
    # control characters and tags, nesting, repeated keys, documents)
    "alias": "aliases", "alias-bomb": "aliases (and exponential for a validator)",
    "binary-garbage": "bytes that are not YAML", "invalid-utf8": "invalid UTF-8",
    "controls-and-tags": "control characters and YAML tags", "deep-nesting": "nesting limit",
    "duplicate-key": "repeated keys (a YAML reader keeps the last)",
    "multiple-documents": "a second document",
    # across files or items: one file's schema cannot see the others
    "duplicate-case-id": "ids repeated across files", "duplicate-source-id":
    "ids repeated within a list", "undefined-tag": "references to tags.yaml",
    "unknown-source": "references to the case's sources",
    # the directory, not a file
    "missing-cases-dir": "a missing directory", "missing-tags": "a missing file",
}
# Files of shape sets whose only errors are not of shape: an id taken from
# the file name is not in the document; a YAML syntax error is not a shape;
# JSON Schema's integers include 2020.0, which casebrief refuses as a year.
NOT_SHAPE_FILES = {
    "bad-numbers/cases/float.yaml", "v2-dataset-values/tags.yaml",
    "bad-id-chars/audiences/Team X.yaml", "bad-id-chars/cases/My Case.yaml",
    "yaml-syntax/cases/flow.yaml", "yaml-syntax/cases/indent.yaml",
    "yaml-syntax/cases/quote.yaml", "yaml-syntax/cases/tab.yaml", "yaml-syntax/tags.yaml",
}


def load_schemas(sdir):
    schemas = {}
    for kind in KINDS:
        with open(os.path.join(sdir, kind + ".schema.json"), encoding="utf-8") as f:
            schemas[kind] = json.load(f)
    return schemas


def make_validator(schemas, kind):
    """A 2020-12 validator that finds style.schema.json (the manifest's $ref)."""
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schemas[kind])
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            (k + ".schema.json", Resource.from_contents(s)) for k, s in schemas.items())
        return cls(schemas[kind], registry=registry)
    except ImportError:  # jsonschema < 4.18 (Debian 12 has 4.10)
        store = {k + ".schema.json": s for k, s in schemas.items()}
        resolver = jsonschema.RefResolver(kind + ".schema.json", schemas[kind], store=store)
        return cls(schemas[kind], resolver=resolver)


def kind_of(path):
    base = os.path.basename(path)
    parent = os.path.basename(os.path.dirname(path))
    if parent == "cases":
        return "case"
    if parent == "audiences":
        return "audience"
    stem = re.sub(r"\.ya?ml$", "", base, flags=re.I)
    return stem if stem in ("tags", "dataset") else None


def load(path):
    """(document, None), or (None, why) when it is not YAML a schema can see."""
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.load(f, Loader=CoreLoader), None
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as e:
        return None, "not readable YAML: %s" % str(e).splitlines()[0]


def errors(validators, kind, path):
    doc, why = load(path)
    if why:
        return [why]
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(document)", e.message)
            for e in validators[kind].iter_errors(doc)]


def data_files(d):
    out = []
    for root, _, files in os.walk(d):
        for name in sorted(files):
            p = os.path.join(root, name)
            if not name.startswith(".") and re.search(r"\.ya?ml$", name, re.I) and kind_of(p):
                out.append(p)
    return sorted(out)


def check_valid(validators, dirs):
    problems, n = [], 0
    for d in dirs:
        files = data_files(d)
        if not files:
            problems.append("%s: no data files" % d)
        for p in files:
            n += 1
            problems += ["%s: %s" % (p, e) for e in errors(validators, kind_of(p), p)]
    return problems, n


def check_bad(validators, bad):
    problems, n = [], 0
    sets = sorted(e for e in os.listdir(bad) if os.path.isdir(os.path.join(bad, e)))
    for s in sets:
        if s not in SHAPE and s not in NOT_SHAPE:
            problems.append("tests/bad/%s: not classified: add it to SHAPE or NOT_SHAPE" % s)
    for s in sorted(SHAPE | set(NOT_SHAPE)):
        if s not in sets:
            problems.append("tests/bad/%s: listed here but not there" % s)
    for s in sorted(SHAPE & set(sets)):
        with open(os.path.join(bad, s, "expected"), encoding="utf-8") as f:
            named = sorted({line.split(":")[0] for line in f
                            if line.strip() and ": warning: " not in line})
        for rel in named:
            p = os.path.join(bad, s, rel)
            if "%s/%s" % (s, rel) in NOT_SHAPE_FILES or not kind_of(p):
                continue
            n += 1
            if not errors(validators, kind_of(p), p):
                problems.append("tests/bad/%s/%s: casebrief refuses it, the schema accepts it" %
                                (s, rel))
    return problems, n


def check_modelines(paths, sdir):
    problems = []
    for p in paths:
        with open(p, encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        m = re.match(r"# yaml-language-server: \$schema=(.*)$", first)
        kind = kind_of(p)
        if not m:
            problems.append("%s: no yaml-language-server modeline on line 1" % p)
            continue
        target = m.group(1)
        if not os.path.isabs(target):
            target = os.path.join(os.path.dirname(p), target)
        if os.path.basename(target) != "%s.schema.json" % kind:
            problems.append("%s: the modeline names %s, want %s.schema.json" % (p, target, kind))
        elif not os.path.isfile(target) or not os.path.samefile(
                os.path.dirname(target), sdir):
            problems.append("%s: the modeline's %s is not in %s" % (p, target, sdir))
    return problems, len(paths)


def c_arrays(path):
    """name -> list of strings, for every `const char *const name[...] = {...}`."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    out = {}
    for m in re.finditer(r"const char \*const (\w+)\[[^\]]*\] = \{([^}]*)\}", text):
        out.setdefault(m.group(1), []).append(re.findall(r'"([^"]*)"', m.group(2)))
    return out


def props(node):
    return set(node.get("properties", {}))


def enum_of(node):
    return set(v for v in node.get("enum", []) if v is not None)


def check_keys(schemas, src):
    """Each schema object's keys, and each enum, against the C arrays."""
    arr = {}
    for f in ("data/load.c", "data/load_aud.c", "data/load_case.c", "data/load_info.c",
              "data/model.c", "cli/manifest.c", "brief/select.c"):
        for k, v in c_arrays(os.path.join(src, f)).items():
            arr[k] = v[0]
    case, aud, tags = schemas["case"], schemas["audience"], schemas["tags"]
    job = schemas["manifest"]["items"]
    rule = aud["$defs"]["rule"]
    pairs = [
        ("case", props(case), arr["case_keys"]),
        ("case org", props(case["properties"]["org"]), arr["org_keys"]),
        ("driver", props(case["$defs"]["driver"]), arr["driver_keys"]),
        ("figure", props(case["$defs"]["figure"]), arr["figure_keys"]),
        ("source", props(case["$defs"]["source"]), arr["source_keys"]),
        ("audience", props(aud), arr["audience_keys"]),
        ("rule", props(rule), arr["rule_keys"]),
        ("exclude", props(aud["$defs"]["exclude"]), arr["rule_keys"]),
        ("weights", props(aud["properties"]["weights"]), arr["weight_keys"]),
        ("tag", props(tags["additionalProperties"]), arr["tag_keys"]),
        ("dataset.yaml", props(schemas["dataset"]), arr["info_keys"]),
        ("job", props(job), arr["job_keys"]),
        ("filters", props(job["properties"]["filters"]), arr["filter_keys"] + ["option"]),
        ("case kind", enum_of(case["properties"]["kind"]), arr["case_kind_names"]),
        ("org size", enum_of(case["properties"]["org"]["properties"]["size"]),
         arr["org_size_names"]),
        ("status", enum_of(case["properties"]["status"]), arr["case_status_names"]),
        ("source kind", enum_of(case["$defs"]["source"]["properties"]["kind"]),
         arr["source_kind_names"]),
        ("figure kind", enum_of(case["$defs"]["figure"]["properties"]["kind"]),
         arr["figure_kind_names"]),
        ("basis", enum_of(case["$defs"]["driver"]["properties"]["basis"]),
         arr["driver_basis_names"]),
        ("formats", enum_of(job["properties"]["formats"]["items"]), arr["format_names"]),
    ]
    problems = []
    for what, got, want in pairs:
        if got != set(want):
            problems.append("%s: the schema has %s, the C reader %s" %
                            (what, sorted(got), sorted(want)))
    style_c = set()
    for lists in c_arrays(os.path.join(src, "pdf/style.c")).values():
        for v in lists:
            style_c |= set(v)
    style_s = set()

    def walk(node):
        if isinstance(node, dict):
            style_s.update(node.get("properties", {}))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)
    walk(schemas["style"])
    # style.c's arrays also hold default font file names and colours
    style_c = {k for k in style_c if re.fullmatch(r"[a-z_0-9]+", k)}
    if style_s != style_c:
        problems.append("style: the schema has %s, style.c %s" %
                        (sorted(style_s - style_c), sorted(style_c - style_s)))
    return problems, len(pairs) + 1


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    sdir, mode, args = argv[1], argv[2], argv[3:]
    schemas = load_schemas(sdir)
    validators = {k: make_validator(schemas, k) for k in KINDS}
    if mode == "valid":
        problems, n = check_valid(validators, args)
    elif mode == "file":
        kind, files = args[0], args[1:]
        problems = ["%s: %s" % (p, e) for p in files for e in errors(validators, kind, p)]
        n = len(files)
    elif mode == "bad":
        problems, n = check_bad(validators, args[0])
    elif mode == "modeline":
        problems, n = check_modelines(args, sdir)
    elif mode == "keys":
        problems, n = check_keys(schemas, args[0])
    else:
        print("unknown mode %s" % mode, file=sys.stderr)
        return 2
    for p in problems:
        print(p)
    print("%d checked, %d problem%s" % (n, len(problems), "" if len(problems) == 1 else "s"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
