#!/usr/bin/env python3
# Checks what Flathub and the software centres read from the metainfo,
# beyond `appstreamcli validate`:
#
# check-metainfo.py METAINFO SCREENSHOT_DIR
#
# - at least three screenshots, each one a file in SCREENSHOT_DIR (they are
#   retaken by build-aux/screenshots), with a caption;
# - releases, newest first, each with notes;
# - an OARS content rating, branding colours for light and dark, keywords;
# - `provides` names both programs, vitrine and vitrine-cli.

import os
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import Checks  # noqa: E402

checks = Checks(sys.argv[1] if len(sys.argv) > 1 else 'check')
check = checks.check


def main():
    path, shots = sys.argv[1], sys.argv[2]
    root = ET.parse(path).getroot()

    screenshots = root.findall('screenshots/screenshot')
    check(len(screenshots) >= 3, f'{len(screenshots)} screenshots, at least 3 expected')
    for shot in screenshots:
        url = shot.findtext('image', '')
        name = url.rsplit('/', 1)[-1]
        check(url.startswith('https://'), f'screenshot {url!r} is not https')
        check(os.path.isfile(os.path.join(shots, name)), f'{name} is not in data/screenshots')
        check(shot.findtext('caption', '').strip(), f'{name} has no caption')

    releases = root.findall('releases/release')
    check(releases, 'no releases')
    versions = [tuple(int(x) for x in r.get('version', '0').split('.')) for r in releases]
    check(versions == sorted(versions, reverse=True), 'releases are not newest first')
    for r in releases:
        check(r.find('description') is not None and len(r.find('description')) > 0,
              f'release {r.get("version")} has no notes')
        check(r.get('date'), f'release {r.get("version")} has no date')

    rating = root.find('content_rating')
    check(rating is not None and rating.get('type', '').startswith('oars-'),
          'no OARS content rating')
    schemes = {c.get('scheme_preference') for c in root.findall('branding/color')}
    check({'light', 'dark'} <= schemes, 'branding lacks a light and a dark colour')
    check(len(root.findall('keywords/keyword')) >= 3, 'fewer than 3 keywords')
    binaries = {b.text for b in root.findall('provides/binary')}
    check({'vitrine', 'vitrine-cli'} <= binaries, f'provides names {sorted(binaries)}')

    return checks.report()


if __name__ == '__main__':
    sys.exit(main())
