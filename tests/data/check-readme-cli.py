#!/usr/bin/env python3
# Checks that the README's vitrine-cli section names every option that
# `vitrine-cli COMMAND --help` lists, so that the documented command line
# cannot fall behind the real one (it once lacked every listing option).
#
# check-readme-cli.py README VITRINE_CLI

import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from checks import Checks  # noqa: E402

COMMANDS = ('render', 'submit', 'list', 'show')
# GLib's own options, not Vitrine's
GLIB_OPTIONS = {'--help', '--help-all', '--help-gst'}

checks = Checks('readme-cli')
readme, cli = sys.argv[1], sys.argv[2]

with open(readme, encoding='utf-8') as f:
    text = f.read()
start = text.find('\n## vitrine-cli')
end = text.find('\n## ', start + 1)
checks.check(start >= 0, 'README has no “## vitrine-cli” section')
section = text[start:end]
documented = set(re.findall(r'--[a-z][a-z-]*', section))

env = dict(os.environ, LANGUAGE='C', LC_ALL='C.UTF-8')
for command in COMMANDS:
    proc = subprocess.run([cli, command, '--help'], capture_output=True, text=True, env=env)
    checks.check(proc.returncode == 0, f'vitrine-cli {command} --help exited {proc.returncode}')
    listed = re.findall(r'^\s+(?:(-\w), )?(--[a-z][a-z-]*)', proc.stdout, re.M)
    listed = [(short, long) for short, long in listed if long not in GLIB_OPTIONS]
    checks.check(len(listed) > 0, f'vitrine-cli {command} --help lists no option')
    for short, long in listed:
        # an option with a short form may be documented by that form (-o)
        named = long in documented or (short and re.search(re.escape(short) + r'\b', section))
        checks.check(named, f'vitrine-cli {command} {long} is not in the README’s vitrine-cli section')

sys.exit(checks.report())
