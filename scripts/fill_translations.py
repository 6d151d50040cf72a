"""Fill English msgstr entries of a Django .po file from a JSON dictionary {persian: english}.

Our msgids are Persian (Persian is the source language); English is the translation. Django's
``makemessages`` finds the strings, this fills those a dictionary knows, and ``msgfmt``
compiles. Prints the msgids still untranslated so none is forgotten.
Usage: python scripts/fill_translations.py khooshe/core/locale/en/LC_MESSAGES/django.po dict.json
"""

import json
import re
import sys
from pathlib import Path

ENTRY = re.compile(r'(?ms)^msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ((?:"(?:[^"\\]|\\.)*"\n)+)')


def unquote(block: str) -> str:
    return "".join(json.loads(line) for line in block.strip().splitlines())


def quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False) + "\n"


def main(po_path: str, dictionary_path: str) -> None:
    po = Path(po_path)
    translations = json.loads(Path(dictionary_path).read_text(encoding="utf-8"))
    missing = []

    def fill(match: re.Match) -> str:
        msgid = unquote(match.group(1))
        current = unquote(match.group(2))
        if not msgid:
            return match.group(0)
        english = translations.get(msgid, current)
        if not english:
            missing.append(msgid)
        return f"msgid {match.group(1)}msgstr {quote(english)}"

    text = ENTRY.sub(fill, po.read_text(encoding="utf-8"))
    text = text.replace("#, fuzzy\n", "")
    po.write_text(text, encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)


if __name__ == "__main__":
    main(*sys.argv[1:3])
