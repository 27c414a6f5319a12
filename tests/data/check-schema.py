#!/usr/bin/env python3
# Checks the schema compiled into the build dir (GSETTINGS_SCHEMA_DIR): the
# keys, their types through their defaults, and their ranges are exactly those
# the code relies on, and each has a summary and a description in the source.
# Runs gsettings with the memory backend.
#
# check-schema.py GSETTINGS SCHEMA_DIR SCHEMA_ID SCHEMA_XML

import os
import subprocess
import sys
import xml.etree.ElementTree as ET

EXPECTED = {
    'ratio': ("'16:9'", "enum\n'16:9'\n'9:16'\n'1:1'"),
    'ratios': ("['16:9']", 'type as'),
    'unbranded': ('false', 'type b'),
    'fit': ("'pan'", "enum\n'pan'\n'blur'"),
    'provider': ("'local'", "type s"),
    'music': ("''", "type s"),
    'seconds-per-photo': ('4.0', 'range d 1.0 20.0'),
    'window-width': ('1100', 'type i'),
    'window-height': ('760', 'type i'),
    'window-maximized': ('false', 'type b'),
    'output-folder': ("''", 'type s'),
    'title': ("''", 'type s'),
    'media-host-endpoint': ("''", 'type s'),
    'media-host-region': ("'us-east-1'", 'type s'),
    'media-host-bucket': ("''", 'type s'),
    'media-host-path-style': ('false', 'type b'),
    'media-host-access-key': ("''", 'type s'),
    'media-host-url-hours': ('24', 'range i 1 168'),
    'media-host-keep-days': ('0', 'range i 0 365'),
    'prepare-long-edge': ('2560', 'range i 320 8192'),
    'vikit-url': ("''", 'type s'),
    'vikit-test-mode': ('true', 'type b'),
    'iacrea-url': ("''", 'type s'),
    'iacrea-timeout-minutes': ('20', 'range i 1 240'),
    'aixpose-url': ("''", 'type s'),
    'vidgen-url': ("''", 'type s'),
    'agent-name': ("''", 'type s'),
    'agent-agency': ("''", 'type s'),
    'agent-phone': ("''", 'type s'),
    'agent-email': ("''", 'type s'),
    'agent-photo': ("''", 'type s'),
    'agent-logo': ("''", 'type s'),
    'agent-brand-bg': ("''", 'type s'),
    'agent-brand-fg': ("''", 'type s'),
}


def main():
    gsettings, schema_dir, schema_id, schema_xml = sys.argv[1:5]
    env = dict(os.environ, GSETTINGS_SCHEMA_DIR=schema_dir, GSETTINGS_BACKEND='memory')
    failures = []

    def run(*args):
        proc = subprocess.run([gsettings] + list(args), capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            failures.append(f'gsettings {" ".join(args)}: {proc.stderr.strip()}')
        return proc.stdout.strip()

    keys = set(run('list-keys', schema_id).split())
    if failures:
        print(f'FAIL: {failures[0]}', file=sys.stderr)
        return 1
    for key in sorted(keys - EXPECTED.keys()):
        failures.append(f'unexpected key {key}')
    for key in sorted(EXPECTED.keys() - keys):
        failures.append(f'missing key {key}')

    for key in sorted(EXPECTED.keys() & keys):
        default, range_ = EXPECTED[key]
        got = run('get', schema_id, key)
        if got != default:
            failures.append(f'{key}: default {got}, expected {default}')
        got = run('range', schema_id, key)
        if got != range_:
            failures.append(f'{key}: range {got!r}, expected {range_!r}')

    for schema in ET.parse(schema_xml).getroot().iter('schema'):
        if schema.get('id') != schema_id:
            continue
        for key in schema.iter('key'):
            for tag in ('summary', 'description'):
                if not (key.findtext(tag) or '').strip():
                    failures.append(f'{key.get("name")}: no {tag}')

    for f in failures:
        print(f'FAIL: {f}', file=sys.stderr)
    if not failures:
        print(f'{schema_id}: {len(keys)} keys ok')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
