#!/usr/bin/python3
"""Prints what the desktop's accessibility bus (AT-SPI) holds of every application on it: the tree
as a screen reader reads it, one JSON object per node, in document order.

pyatspi is Orca's own library: this is the tree Orca walks, read the way Orca reads it (the web
process's part comes through the socket WebKitGTK plugs into the window). The end-to-end tests
(`tests/e2e/support/atspi.rs`) run it on a private bus of their own, where the app under test is
the only application.

    atspi_tree.py            every application's tree
Each node: depth, role, name, description, text (for a node with a text interface, the first
4,000 characters), states, attributes (heading levels, landmarks, live regions)."""

import json
import sys

import pyatspi

# A page is a few hundred nodes; a bound keeps a broken tree (a cycle) from running forever.
MAX_NODES = 20000
MAX_TEXT = 4000


def node(accessible, depth):
    try:
        text = accessible.queryText()
        content = text.getText(0, min(text.characterCount, MAX_TEXT))
    except NotImplementedError:
        content = None
    return {
        "depth": depth,
        "role": accessible.getRoleName(),
        "name": accessible.name or "",
        "description": accessible.description or "",
        "text": content,
        "states": sorted(pyatspi.stateToString(s) for s in accessible.getState().getStates()),
        "attributes": dict(a.split(":", 1) for a in accessible.getAttributes() if ":" in a),
    }


def walk(root):
    out, stack = [], [(root, 0)]
    while stack and len(out) < MAX_NODES:
        accessible, depth = stack.pop()
        if accessible is None:
            continue
        try:
            out.append(node(accessible, depth))
            children = [accessible.getChildAtIndex(i) for i in range(accessible.childCount)]
        except Exception as e:  # a node that went away while it was read
            out.append({"depth": depth, "role": "gone", "name": "", "description": str(e), "text": None,
                        "states": [], "attributes": {}})
            continue
        stack.extend((child, depth + 1) for child in reversed(children))
    return out


def main():
    desktop = pyatspi.Registry.getDesktop(0)
    apps = [desktop.getChildAtIndex(i) for i in range(desktop.childCount)]
    json.dump([{"application": app.name, "nodes": walk(app)} for app in apps if app is not None], sys.stdout)


if __name__ == "__main__":
    main()
