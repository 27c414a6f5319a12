#!/usr/bin/env python3
# Checks the compiled GResource bundle: it holds every file that
# data/vitrine.gresource.xml lists, under the right path, and the window
# template in particular; every data/ui/*.ui is listed (an unlisted template
# only fails when the widget is first created).
#
# check-gresource.py GRESOURCE_TOOL GRESOURCE_XML BUNDLE REQUIRED_PATH...

import os
import subprocess
import sys
import xml.etree.ElementTree as ET


def main():
    tool, xml_path, bundle = sys.argv[1:4]
    required = sys.argv[4:]
    failures = []

    expected = set()
    listed = set()
    for res in ET.parse(xml_path).getroot().iter('gresource'):
        prefix = res.get('prefix', '/').rstrip('/')
        for f in res.iter('file'):
            listed.add(os.path.normpath(f.text.strip()))
            expected.add(prefix + '/' + (f.get('alias') or f.text.strip()))

    proc = subprocess.run([tool, 'list', bundle], capture_output=True, text=True)
    if proc.returncode != 0:
        print(f'FAIL: gresource list {bundle} exited {proc.returncode}: {proc.stderr}',
              file=sys.stderr)
        return 1
    present = set(proc.stdout.split())

    for path in sorted(expected - present):
        failures.append(f'{path} is listed in {os.path.basename(xml_path)} but not in the bundle')
    for path in required:
        if path not in present:
            failures.append(f'{path} is not in the bundle')

    datadir = os.path.dirname(xml_path)
    uidir = os.path.join(datadir, 'ui')
    if os.path.isdir(uidir):
        for name in sorted(os.listdir(uidir)):
            rel = os.path.join('ui', name)
            if name.endswith('.ui') and rel not in listed:
                failures.append(f'data/{rel} is not listed in {os.path.basename(xml_path)}')

    for f in failures:
        print(f'FAIL: {f}', file=sys.stderr)
    if not failures:
        print(f'{len(present)} resources: ok')
        for path in sorted(present):
            print(f'  {path}')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
