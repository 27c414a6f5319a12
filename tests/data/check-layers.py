#!/usr/bin/env python3
# Checks the layout rules of issue 10 that a reader can see in the tree:
# - no provider id or name in src/ui, src/cli or data/ui (each provider
#   is a folder of src/providers/ other than remote/; "local" counts as a
#   quoted id, the others, distinctive, as words in any case);
# - only src/ui includes GTK;
# - no file in src/ over 1,200 lines.
#
# check-layers.py SOURCE_ROOT

import os
import re
import sys

from checks import Checks

MAX_LINES = 1200


def files_under(root, *exts):
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith(exts):
                yield os.path.join(folder, name)


def main():
    top = sys.argv[1]
    src = os.path.join(top, 'src')
    checks = Checks('layers')

    providers = sorted(d for d in os.listdir(os.path.join(src, 'providers'))
                       if os.path.isdir(os.path.join(src, 'providers', d)) and d != 'remote')
    checks.check('local' in providers and len(providers) >= 5,
                 f'src/providers/ holds {providers}: the provider folders were not found')
    patterns = [re.compile(r'"local"')]
    patterns += [re.compile(r'\b' + re.escape(p) + r'\b', re.IGNORECASE)
                 for p in providers if p != 'local']

    for folder in ('src/ui', 'src/cli', 'data/ui'):
        for path in files_under(os.path.join(top, folder), '.c', '.h', '.ui', '.blp'):
            with open(path, encoding='utf-8') as f:
                for n, line in enumerate(f, 1):
                    for pattern in patterns:
                        if pattern.search(line):
                            checks.check(False, f'{os.path.relpath(path, top)}:{n} names a provider: '
                                                f'{line.strip()}')

    gtk = re.compile(r'#\s*include\s*[<"](gtk/gtk\.h|adwaita\.h)[>"]')
    for path in files_under(src, '.c', '.h'):
        rel = os.path.relpath(path, top)
        with open(path, encoding='utf-8') as f:
            lines = f.readlines()
        checks.check(len(lines) <= MAX_LINES, f'{rel} has {len(lines)} lines (at most {MAX_LINES})')
        if not rel.startswith(os.path.join('src', 'ui') + os.sep):
            for n, line in enumerate(lines, 1):
                checks.check(not gtk.search(line), f'{rel}:{n} includes GTK outside src/ui')

    return checks.report()


if __name__ == '__main__':
    sys.exit(main())
