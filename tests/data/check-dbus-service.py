#!/usr/bin/env python3
# Checks D-Bus activation: the service file that meson installs, and the
# desktop file that points at it.
#
# check-dbus-service.py MESON BUILDDIR APP_ID
#
# - the desktop file says DBusActivatable=true and is named APP_ID.desktop
#   (the Desktop Entry spec: the bus name is the file name);
# - the service file is installed as share/dbus-1/services/APP_ID.service,
#   owns APP_ID and starts the installed `vitrine` with --gapplication-service.

import configparser
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import Checks  # noqa: E402

checks = Checks('D-Bus activation')
check = checks.check


def read_ini(path, section):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    with open(path, encoding='utf-8') as f:
        parser.read_file(f)
    check(parser.has_section(section), f'{path}: no [{section}] group')
    return parser[section] if parser.has_section(section) else {}


def main():
    meson, builddir, app_id = sys.argv[1:4]
    installed = json.loads(subprocess.run([meson, 'introspect', '--installed', builddir],
                                          check=True, capture_output=True, text=True).stdout)
    by_name = {os.path.basename(dest): (src, dest) for src, dest in installed.items()}

    service_name = f'{app_id}.service'
    check(service_name in by_name, f'{service_name} is not installed')
    desktop_name = f'{app_id}.desktop'
    check(desktop_name in by_name, f'{desktop_name} is not installed')
    check('vitrine' in by_name, 'the vitrine program is not installed')
    if checks.failures:
        return checks.report()

    src, dest = by_name[service_name]
    check(dest.endswith(f'/share/dbus-1/services/{service_name}'),
          f'{service_name} goes to {dest}, not share/dbus-1/services')
    service = read_ini(src, 'D-BUS Service')
    check(service.get('Name') == app_id, f'Name is {service.get("Name")!r}, expected {app_id!r}')
    program = by_name['vitrine'][1]
    check(service.get('Exec') == f'{program} --gapplication-service',
          f'Exec is {service.get("Exec")!r}, expected {program!r} --gapplication-service')

    desktop = read_ini(by_name[desktop_name][0], 'Desktop Entry')
    check(desktop.get('DBusActivatable') == 'true', 'the desktop file lacks DBusActivatable=true')
    return checks.report()



if __name__ == '__main__':
    sys.exit(main())
