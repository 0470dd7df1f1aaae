#!/usr/bin/env python3
"""Keeps schema/*.schema.json and the loader (Sources/IntentFiles) in agreement.

(a) Every shipped file in intents/ validates against the schema its modeline names.
(b) Every fixture directory under Tests/IntentFilesTests/Fixtures/ is checked with the built
    `electionbot check DIR`; every file the loader refuses for a STRUCTURAL reason (see STRUCTURAL)
    must be refused by the schema too.

`electionbot check` stays the authority: the schema may accept things the loader refuses for
non-structural reasons (cross-references, duplicates, templates), never the other way round for
shipped files.

Usage: scripts/check-schema.py [path/to/electionbot]   (default .build/debug/electionbot)
"""
import json
import os
import re
import subprocess
import sys

import jsonschema
import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
INTENTS = os.path.join(ROOT, "intents")
FIXTURES = os.path.join(ROOT, "Tests", "IntentFilesTests", "Fixtures")
SCHEMAS = {
    kind: json.load(open(os.path.join(ROOT, "schema", kind + ".schema.json"), encoding="utf-8"))
    for kind in ("election", "intents")
}
# One directory per structural rule: every file here must be refused by the loader for a structural reason.
SCHEMA_FIXTURES = os.path.join(FIXTURES, "schema")
MODELINE = re.compile(r"^# yaml-language-server: \$schema=\.\./schema/(election|intents)\.schema\.json$")

# Loader messages that count as STRUCTURAL: the shape of one file (keys, types, required fields, enums,
# id and clock patterns, list lengths and bounds), which a JSON Schema can express and an editor can show
# while the admin types. Everything else the loader reports (YAML syntax, duplicate ids, unknown
# role/milestone/suggestion references, answer templates, an example under two intents, an example with
# no words after folding, an impossible calendar date, a missing menu intent or election file) needs the
# whole directory or the bot's own code, so the schema is not asked to refuse it.
STRUCTURAL = [
    r"^unknown key '",                        # additionalProperties: false
    r"^missing '",                            # required
    r"^'[a-z_]+' must be a (text|list|whole number|mapping)$",  # type
    r"^items of '[a-z_]+' must be (texts|whole numbers)$",     # items type
    r" must be a mapping$",                   # "a role must be a mapping", "an intent must be a mapping"
    r"^'[a-z_]+' is empty$",                  # text pattern \S
    r"^kind '.*' must be one of ",            # enum (intent and milestone kind)
    r"^level '.*' must be one of ",           # enum (role level)
    r"^id '.*' may use only ",                # id pattern
    r"^'(time|remind_at)' must be HH:MM$",    # clock pattern
    r"^reminder days must be ≥ 0$",           # minimum
    r"^article numbers start at 1$",          # minimum
    r"^title is longer than 80 characters$",  # maxLength
    r"^an intent needs at least 3 examples$", # minItems
    r"^at most 3 suggestions are shown$",     # maxItems
    r"^empty answer$",                        # text pattern / minItems
    r"^empty source$",                        # text pattern
    r"^missing sources: ",                    # if/else required
    r"^expected a (mapping with|top-level) ", # root must be a mapping with election: or intents:
]
DIAGNOSTIC = re.compile(r"^(.+?):(\d+): (.*)$")


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core scalars, as yaml-language-server (and Yams' users) read them: `on`, `no` stay
    texts, `18:30` is not a sexagesimal number and `2021-05-23` is a text, not a date."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$",
        list("-+.0123456789"),
    ),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), first)


def construct_yaml12_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


Yaml12Loader.add_constructor("tag:yaml.org,2002:int", construct_yaml12_int)


def kind_of(data):
    """Which schema applies, decided as the loader decides (IntentLoader.read): 'election' wins."""
    if isinstance(data, dict) and "election" in data:
        return "election"
    if isinstance(data, dict) and "intents" in data:
        return "intents"
    return None


def schema_errors(path, kind=None):
    """(kind, [messages]) for one file; kind None validates against both and refuses if both refuse."""
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=Yaml12Loader)
    except yaml.YAMLError as e:
        return kind, ["YAML: " + str(e).splitlines()[0]]
    kind = kind or kind_of(data)
    kinds = [kind] if kind else ["election", "intents"]
    found = []
    for k in kinds:
        validator = jsonschema.Draft202012Validator(SCHEMAS[k])
        errs = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in validator.iter_errors(data)]
        if not errs:
            return k, []
        found += errs
    return kind, found


def yml_files(directory):
    out = []
    for base, _, names in os.walk(directory):
        out += [os.path.join(base, n) for n in names if n.endswith((".yml", ".yaml"))]
    return sorted(out)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "electionbot")
    failures = 0
    rows = []
    covered = set()

    # (a) shipped files
    for path in yml_files(INTENTS):
        rel = os.path.relpath(path, ROOT)
        with open(path, encoding="utf-8") as f:
            first = f.readline().rstrip("\n")
        m = MODELINE.match(first)
        if not m:
            rows.append((rel, "-", "-", "FAIL: first line is not the yaml-language-server $schema modeline"))
            failures += 1
            continue
        _, errs = schema_errors(path, m.group(1))
        with open(path, encoding="utf-8") as f:
            content_kind = kind_of(yaml.load(f, Loader=Yaml12Loader))
        if content_kind != m.group(1):
            errs = [f"modeline names {m.group(1)} but the loader reads it as {content_kind}"] + errs
        verdict = "ok" if not errs else "FAIL: " + "; ".join(errs[:3])
        failures += bool(errs)
        rows.append((rel, "accepts", "accepts" if not errs else "refuses", verdict))

    # (b) fixtures: every directory holding .yml files directly is one knowledge directory
    dirs = sorted({os.path.dirname(p) for p in yml_files(FIXTURES)})
    for d in dirs:
        # The loader reads a directory recursively: check only the files directly inside it.
        proc = subprocess.run([binary, "check", d], capture_output=True, text=True)
        by_file = {}
        for line in (proc.stdout + proc.stderr).splitlines():
            m = DIAGNOSTIC.match(line)
            if m and not m.group(3).startswith("warning: "):  # warnings do not refuse a file
                by_file.setdefault(os.path.normpath(m.group(1)), []).append(m.group(3))
        for path in sorted(p for p in yml_files(d) if os.path.dirname(p) == d):
            rel = os.path.relpath(path, ROOT)
            messages = by_file.get(os.path.normpath(path), [])
            structural = [msg for msg in messages if any(re.search(p, msg) for p in STRUCTURAL)]
            _, errs = schema_errors(path)
            loader = "refuses (structural)" if structural else ("refuses (other)" if messages else "accepts")
            schema = "refuses" if errs else "accepts"
            for msg in structural:
                covered.update(p for p in STRUCTURAL if re.search(p, msg))
            if structural and not errs:
                verdict = "FAIL: schema accepts what the loader refuses: " + "; ".join(structural)
                failures += 1
            elif os.path.commonpath([path, SCHEMA_FIXTURES]) == SCHEMA_FIXTURES and not structural:
                verdict = "FAIL: a schema fixture the loader does not refuse for a structural reason"
                failures += 1
            else:
                verdict = "ok"
            rows.append((rel, loader, schema, verdict))

    width = max(len(r[0]) for r in rows)
    print(f"{'file'.ljust(width)}  {'loader'.ljust(20)}  {'schema'.ljust(7)}  verdict")
    for rel, loader, schema, verdict in rows:
        print(f"{rel.ljust(width)}  {loader.ljust(20)}  {schema.ljust(7)}  {verdict}")
    # Every structural rule is exercised by at least one fixture, so none can drift unnoticed.
    for p in STRUCTURAL:
        if p not in covered:
            print(f"FAIL: no fixture triggers the structural rule {p!r}")
            failures += 1
    print(f"\n{len(rows)} file(s), {len(covered)}/{len(STRUCTURAL)} structural rules covered, {failures} disagreement(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
