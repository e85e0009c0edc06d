"""French typography for the French translation: `python tools/french_typography.py [PO_FILE]`.

French puts a narrow no-break space (U+202F) before ; : ! ? and inside « », and fitcheck
writes straight apostrophes ('). This script rewrites every msgstr of a .po file (the French
catalogue by default) to follow that, leaves msgids and the header alone, and can be run
again at any time (after a merge brings new strings): text already right stays as it is.
Compile afterwards: `manage.py compilemessages -l fr`.
"""

import re
import sys
from pathlib import Path

NARROW_NBSP = "\u202f"
PO_FILE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
SPACES = f"[ \u00a0{NARROW_NBSP}]"
# Spaces before ; : ! ? (a run such as "?!" takes one space, before its first sign).
SPACED_SIGN = re.compile(f"{SPACES}+(?=[;:!?])")
# A sign right after a word, a closing bracket or a placeholder and followed by a space, the
# end or a closing mark: it lacks its space. A sign followed by anything else is no
# punctuation ("19:00", "https://", "?next=").
BARE_SIGN = re.compile(r"(?<=[\w)\]»%])(?=[;:!?]+(?:\s|$|[»)\"']))")
OPENING_QUOTE = re.compile(f"«{SPACES}*")
CLOSING_QUOTE = re.compile(f"{SPACES}*»")
PO_STRING = re.compile(r'^(msgstr(?:\[\d+\])?\s+)?"(.*)"$')
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
LINE_WIDTH = 77  # as msgmerge wraps: 79 columns with the quotes


def typeset(text: str) -> str:
    """Return French text with narrow no-break spaces where French typography wants them
    and straight apostrophes."""
    text = text.replace("’", "'")
    text = OPENING_QUOTE.sub("«" + NARROW_NBSP, text)
    text = CLOSING_QUOTE.sub(NARROW_NBSP + "»", text)
    text = SPACED_SIGN.sub(NARROW_NBSP, text)
    return BARE_SIGN.sub(NARROW_NBSP, text)


def _unescape(quoted: str) -> str:
    return re.sub(r"\\(.)", lambda match: ESCAPES[match.group(1)], quoted)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")


def _po_lines(keyword: str, text: str) -> list[str]:
    """Return a msgstr as msgmerge writes it: on one line if it fits, else broken after
    spaces and newlines, under an empty first line."""
    escaped = _escape(text)
    if len(keyword) + len(escaped) + 2 <= LINE_WIDTH + 2 and "\\n" not in escaped[:-2]:
        return [f'{keyword}"{escaped}"']
    pieces = re.findall(r".*?(?: |\\n|$)", escaped)
    lines, current = [], ""
    for piece in filter(None, pieces):
        if current and len(current) + len(piece) > LINE_WIDTH:
            lines.append(current)
            current = ""
        current += piece
        if current.endswith("\\n"):
            lines.append(current)
            current = ""
    if current:
        lines.append(current)
    return [f'{keyword}""', *(f'"{line}"' for line in lines)]


def typeset_po(text: str) -> tuple[str, int]:
    """Return a .po file's text with every msgstr typeset, and how many msgstr changed."""
    lines, out, changed = text.splitlines(), [], 0
    index = 0
    while index < len(lines):
        line = lines[index]
        match = PO_STRING.match(line)
        if not (match and match.group(1)):
            out.append(line)
            index += 1
            continue
        keyword, parts = match.group(1), [match.group(2)]
        index += 1
        while index < len(lines) and lines[index].startswith('"'):
            parts.append(PO_STRING.match(lines[index]).group(2))
            index += 1
        original = "".join(_unescape(part) for part in parts)
        header = out and out[-1] == 'msgid ""' and "Content-Type:" in original
        french = original if header else typeset(original)
        if french == original:
            out.append(line)
            out.extend(f'"{part}"' for part in parts[1:])
        else:
            changed += 1
            out.extend(_po_lines(keyword, french))
    return "\n".join(out) + "\n", changed


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else PO_FILE
    text, changed = typeset_po(path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    print(f"{path}: {changed} msgstr typeset. Now run: manage.py compilemessages -l fr")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
