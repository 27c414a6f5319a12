#!/usr/bin/env python3
# Checks po/: every file in POTFILES.in exists; every source file with
# translatable strings is listed (or in POTFILES.skip); xgettext with meson's
# 'glib' preset (what the vitrine-pot target runs) succeeds over the list
# without a warning and finds strings; every language in LINGUAS has a .po that msgfmt --check takes.
#
# check-potfiles.py SRCDIR XGETTEXT MSGFMT

import os
import re
import subprocess
import sys
import tempfile

# meson's i18n 'glib' preset (mesonbuild/modules/i18n.py).
GLIB_PRESET = [
    '--from-code=UTF-8', '--add-comments',
    '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
    '--keyword=g_dcgettext:2', '--keyword=g_dngettext:2,3', '--keyword=g_dpgettext2:2c,3',
    '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format', '--flag=NC_:2:pass-c-format',
    '--flag=g_dngettext:2:pass-c-format', '--flag=g_strdup_printf:1:c-format',
    '--flag=g_string_printf:2:c-format', '--flag=g_string_append_printf:2:c-format',
    '--flag=g_error_new:3:c-format', '--flag=g_set_error:4:c-format',
    '--flag=g_markup_printf_escaped:1:c-format', '--flag=g_log:3:c-format',
    '--flag=g_print:1:c-format', '--flag=g_printerr:1:c-format', '--flag=g_printf:1:c-format',
    '--flag=g_fprintf:2:c-format', '--flag=g_sprintf:2:c-format', '--flag=g_snprintf:3:c-format',
]

# What marks a file as having strings for translators.
C_MARK = re.compile(r'\b(?:_|N_|C_|NC_|ngettext|g_dngettext|g_dpgettext2)\s*\(\s*"')
UI_MARK = re.compile(r'translatable\s*=\s*"(?:yes|true|1)"')


def read_list(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


def marked_files(srcdir):
    found = set()
    for top, pattern, exts in (('src', C_MARK, ('.c', '.h')), ('data', UI_MARK, ('.ui',))):
        for root, dirs, files in os.walk(os.path.join(srcdir, top)):
            for name in files:
                if not name.endswith(exts):
                    continue
                path = os.path.join(root, name)
                with open(path, encoding='utf-8', errors='replace') as f:
                    if pattern.search(f.read()):
                        found.add(os.path.relpath(path, srcdir))
    data = os.path.join(srcdir, 'data')
    for name in os.listdir(data):
        if name.endswith(('.desktop.in', '.metainfo.xml.in', '.gschema.xml')):
            found.add(os.path.join('data', name))
    return found


def main():
    srcdir, xgettext, msgfmt = sys.argv[1:4]
    podir = os.path.join(srcdir, 'po')
    failures = []

    potfiles = read_list(os.path.join(podir, 'POTFILES.in'))
    skipped = set(read_list(os.path.join(podir, 'POTFILES.skip')))
    if not potfiles:
        failures.append('po/POTFILES.in lists no file')
    dups = sorted({p for p in potfiles if potfiles.count(p) > 1})
    if dups:
        failures.append('po/POTFILES.in lists twice: ' + ', '.join(dups))
    if potfiles != sorted(potfiles):
        print('# note: po/POTFILES.in is not sorted')

    missing = [p for p in potfiles if not os.path.isfile(os.path.join(srcdir, p))]
    for p in missing:
        failures.append(f'po/POTFILES.in lists {p}, which does not exist')

    unlisted = sorted(marked_files(srcdir) - set(potfiles) - skipped)
    for p in unlisted:
        failures.append(f'{p} has translatable strings but is not in po/POTFILES.in '
                        '(or po/POTFILES.skip)')

    present = [p for p in potfiles if p not in missing]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'vitrine.pot')
        proc = subprocess.run([xgettext, '--package-name=vitrine', '--directory', srcdir,
                               '--output', pot] + GLIB_PRESET + present,
                              capture_output=True, text=True)
        # A warning means a string that cannot be translated as written, e.g. a
        # G_GUINT64_FORMAT inside _() (xgettext cuts the msgid there; use
        # PRIu64 from <inttypes.h>, which xgettext understands).
        for line in proc.stderr.splitlines():
            if line.strip():
                failures.append(f'xgettext: {line.strip()}')
        if proc.returncode != 0:
            failures.append(f'xgettext exited {proc.returncode}')
        elif not os.path.exists(pot):
            failures.append('xgettext found no translatable string')
        else:
            with open(pot, encoding='utf-8') as f:
                count = f.read().count('\nmsgid "') - 1
            print(f'# xgettext: {count} messages from {len(present)} files')

    for lang in read_list(os.path.join(podir, 'LINGUAS')):
        for lang in lang.split():
            po = os.path.join(podir, f'{lang}.po')
            if not os.path.isfile(po):
                failures.append(f'po/LINGUAS lists {lang} but po/{lang}.po is missing')
                continue
            proc = subprocess.run([msgfmt, '--check', '--output-file=/dev/null', po],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                failures.append(f'msgfmt --check po/{lang}.po failed:\n{proc.stderr.strip()}')

    for f in failures:
        print(f'FAIL: {f}', file=sys.stderr)
    if not failures:
        print('po/POTFILES.in: ok')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
