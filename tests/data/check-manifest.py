#!/usr/bin/env python3
# Checks the Flatpak manifest offline: its JSON, the fields Vitrine relies on,
# and, when flatpak-builder is installed, that flatpak-builder reads it without
# a WARNING (it warns about unknown keys on stderr yet exits 0).
#
# check-manifest.py MANIFEST APP_ID

import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import Checks  # noqa: E402

checks = Checks(sys.argv[1] if len(sys.argv) > 1 else 'check')
check = checks.check


# The modules built before Vitrine, in this order: x264 (the library) and
# GStreamer's x264enc (gst-plugins-ugly with nothing else in it), then the
# libraries the renderer links that the GNOME runtime lacks.
DEPENDENCIES = {
    'x264': ['--enable-shared', '--disable-cli'],
    'gst-plugins-ugly': ['-Dauto_features=disabled', '-Dgpl=enabled', '-Dx264=enabled'],
    'libqrencode': ['--without-tools'],
    'libebur128': [],
}


def check_source_pinned(module, source):
    kind = source.get('type')
    where = f'module {module!r}: {kind} source {source.get("url", source.get("path"))!r}'
    if kind == 'dir':
        return
    if kind == 'git':
        check(isinstance(source.get('commit'), str) and len(source['commit']) == 40,
              f'{where} is not pinned by a full commit')
    elif kind in ('archive', 'file'):
        check(isinstance(source.get('sha256'), str) and len(source['sha256']) == 64,
              f'{where} is not pinned by sha256')
    else:
        check(False, f'{where}: unexpected source type')
    check(str(source.get('url', '')).startswith('https://'), f'{where} is not https')


def check_modules(modules):
    names = [m.get('name') for m in modules if isinstance(m, dict)]
    for name, opts in DEPENDENCIES.items():
        check(name in names, f'no module {name!r}')
        if name not in names:
            continue
        mod = modules[names.index(name)]
        check(names.index(name) < names.index('vitrine') if 'vitrine' in names else True,
              f'module {name!r} must come before vitrine')
        for opt in opts:
            check(opt in mod.get('config-opts', []), f'module {name!r} lacks {opt}')
        check(mod.get('sources'), f'module {name!r} has no sources')
    for mod in modules:
        for source in mod.get('sources', []):
            check_source_pinned(mod.get('name'), source)
    ugly = [m for m in modules if m.get('name') == 'gst-plugins-ugly']
    if ugly:
        enabled = [o for o in ugly[0].get('config-opts', [])
                   if o.endswith('=enabled') and o != '-Dgpl=enabled']
        check(enabled == ['-Dx264=enabled'],
              f'gst-plugins-ugly builds more than x264enc: {enabled}')


def main():
    path, app_id = sys.argv[1], sys.argv[2]
    with open(path, encoding='utf-8') as f:
        manifest = json.load(f)

    check(manifest.get('app-id', manifest.get('id')) == app_id,
          f'app-id is {manifest.get("app-id", manifest.get("id"))!r}, expected {app_id!r}')
    check(manifest.get('command') == 'vitrine',
          f'command is {manifest.get("command")!r}, expected \'vitrine\'')
    check(manifest.get('runtime') == 'org.gnome.Platform', 'runtime is not org.gnome.Platform')
    check(manifest.get('sdk') == 'org.gnome.Sdk', 'sdk is not org.gnome.Sdk')
    version = manifest.get('runtime-version')
    check(isinstance(version, str), 'runtime-version must be a string ("49", not 49)')
    check(isinstance(version, str) and version.isdigit() and int(version) >= 48,
          f'runtime-version {version!r}: the GNOME runtime must be 48 or newer')

    args = manifest.get('finish-args', [])
    for needed in ('--share=ipc', '--socket=fallback-x11', '--socket=wayland',
                   '--device=dri', '--share=network', '--socket=pulseaudio',
                   '--filesystem=xdg-videos'):
        check(needed in args, f'finish-args lacks {needed}')
    for banned in ('--socket=x11', '--filesystem=home', '--filesystem=host',
                   '--talk-name=org.freedesktop.secrets'):
        check(banned not in args, f'finish-args has {banned} (not needed: see flatpak/README.md)')
    check(len(args) == len(set(args)), 'finish-args has duplicates')

    modules = manifest.get('modules', [])
    check(modules, 'no modules')
    ours = [m for m in modules if isinstance(m, dict) and m.get('name') == 'vitrine']
    check(len(ours) == 1, 'there must be exactly one module named vitrine')
    if ours:
        mod = ours[0]
        check(mod is modules[-1], 'the vitrine module must come last')
        check(mod.get('buildsystem') == 'meson', 'the vitrine module is not built with meson')
        dirs = [s for s in mod.get('sources', []) if s.get('type') == 'dir']
        check(dirs, 'the vitrine module has no dir source')
        for s in dirs:
            top = os.path.join(os.path.dirname(os.path.abspath(path)), s.get('path', ''))
            check(os.path.isfile(os.path.join(top, 'meson.build')),
                  f'dir source {s.get("path")!r} does not point at the source tree')

    check_modules(modules)

    builder = shutil.which('flatpak-builder')
    if builder:
        proc = subprocess.run([builder, '--show-manifest', path],
                              capture_output=True, text=True)
        check(proc.returncode == 0, f'flatpak-builder --show-manifest exited {proc.returncode}')
        check('WARNING' not in proc.stderr,
              'flatpak-builder --show-manifest warned:\n' + proc.stderr.strip())
    else:
        print('# flatpak-builder not installed: only the JSON was checked')

    return checks.report()


if __name__ == '__main__':
    sys.exit(main())
