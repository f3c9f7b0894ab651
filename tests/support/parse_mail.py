#!/usr/bin/python3
"""Reads one Internet message with Python's email package and prints what it says as JSON.

    parse_mail.py FILE

A decoder that is not ours, for tests of what certkeep renders and sends (STYLE.md: a
bug must not be baked into both code and test). Prints
{"header_names": [...], "headers": {lower-case name: [decoded value, ...]},
 "content_type": ..., "defects": [...], "parts": [{"content_type", "charset", "content"}]}
with RFC 2047 words and quoted-printable decoded, line ends as received.
"""

import email
import json
import sys
from email import policy


def describe(raw):
    msg = email.message_from_bytes(raw, policy=policy.default)
    out = {
        "header_names": list(msg.keys()),
        "headers": {},
        "content_type": msg.get_content_type(),
        "defects": [],
        "parts": [],
    }
    for name, value in msg.items():
        out["headers"].setdefault(name.lower(), []).append(str(value))
    for part in msg.walk():
        out["defects"] += [type(d).__name__ for d in part.defects]
        if part.is_multipart():
            continue
        out["parts"].append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "content": part.get_content(),
        })
    return out


def main(argv):
    if len(argv) != 1:
        print("usage: parse_mail.py FILE", file=sys.stderr)
        return 2
    with open(argv[0], "rb") as f:
        print(json.dumps(describe(f.read())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
