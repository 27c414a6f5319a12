#!/usr/bin/env python3
# Checks that no language falls behind: a template is made from
# po/POTFILES.in as the vitrine-pot target makes it, each language of LINGUAS
# is merged with it (no fuzzy matching), and the merge must have every
# message translated, none fuzzy; each file as committed must pass
# msgfmt --check and hold no fuzzy entry either.
#
# check-translations.py SRCDIR XGETTEXT MSGMERGE MSGFMT

import importlib.util
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('potfiles', os.path.join(HERE, 'check-potfiles.py'))
potfiles = importlib.util.module_from_spec(spec)
spec.loader.exec_module(potfiles)

STATS = re.compile(r'(\d+) (translated|fuzzy|untranslated)')


def statistics(msgfmt, po):
    proc = subprocess.run([msgfmt, '--check', '--statistics', '--output-file=/dev/null', po],
                          capture_output=True, text=True)
    counts = {'translated': 0, 'fuzzy': 0, 'untranslated': 0}
    for number, kind in STATS.findall(proc.stderr):
        counts[kind] = int(number)
    return proc.returncode, counts, proc.stderr.strip()


def main():
    srcdir, xgettext, msgmerge, msgfmt = sys.argv[1:5]
    podir = os.path.join(srcdir, 'po')
    sources = [p for p in potfiles.read_list(os.path.join(podir, 'POTFILES.in'))
               if os.path.isfile(os.path.join(srcdir, p))]
    languages = [lang for line in potfiles.read_list(os.path.join(podir, 'LINGUAS'))
                 for lang in line.split()]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'vitrine.pot')
        subprocess.run([xgettext, '--package-name=vitrine', '--directory', srcdir,
                        '--output', pot] + potfiles.GLIB_PRESET + sources,
                       check=True, capture_output=True)
        for lang in languages:
            po = os.path.join(podir, f'{lang}.po')
            status, counts, text = statistics(msgfmt, po)
            if status != 0:
                failures.append(f'po/{lang}.po fails msgfmt --check:\n{text}')
            if counts['fuzzy']:
                failures.append(f'po/{lang}.po has {counts["fuzzy"]} fuzzy entries')
            merged = os.path.join(tmp, f'{lang}.po')
            subprocess.run([msgmerge, '--quiet', '--no-fuzzy-matching', '--output-file', merged,
                            po, pot], check=True, capture_output=True)
            status, counts, text = statistics(msgfmt, merged)
            behind = counts['fuzzy'] + counts['untranslated']
            print(f'# {lang}: {counts["translated"]} translated, {counts["fuzzy"]} fuzzy, '
                  f'{counts["untranslated"]} untranslated of the current strings')
            if behind:
                failures.append(f'po/{lang}.po is behind the current strings ({behind} '
                                'messages to translate): run `meson compile -C _build '
                                'vitrine-update-po` and translate them')
    for f in failures:
        print(f'FAIL: {f}', file=sys.stderr)
    return 1 if failures or not languages else 0


if __name__ == '__main__':
    sys.exit(main())
