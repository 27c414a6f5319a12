#!/usr/bin/env python3
# Checks build-aux/test's own course, with meson, xvfb-run and
# dbus-run-session stood in for on PATH: a test run that fails still goes
# on to the sanitized run and ends with the totals line ("N passed, N
# failed, N skipped"), and the script fails. (deps.sh's `set -e` once ended
# it at the first failed run, with no totals: CI could not tell a failed
# run from one that tested nothing.)
#
# check-test-script.py SRCDIR

import json
import os
import stat
import subprocess
import sys
import tempfile

FAKE_MESON = r'''#!/bin/sh
# "meson test -C DIR ...": one failed test in DIR's log; setup and compile: done
case "$1" in
test)
  dir=.
  while [ $# -gt 0 ]; do [ "$1" = -C ] && dir=$2; shift; done
  mkdir -p "$dir/meson-logs"
  echo '{"name": "one", "result": "FAIL"}' > "$dir/meson-logs/testlog.json"
  echo '{"name": "two", "result": "OK"}' >> "$dir/meson-logs/testlog.json"
  exit 1;;
setup) mkdir -p "$2"; touch "$2/build.ninja";;
esac
exit 0
'''
PASS_THROUGH = '#!/bin/sh\n# runs what it is given\nwhile [ $# -gt 0 ]; do case "$1" in -a) shift;; -s) shift 2;; --) shift; break;; *) break;; esac; done\nexec "$@"\n'


def main():
    top = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        bin_dir = os.path.join(tmp, 'bin')
        os.makedirs(bin_dir)
        for name, text in (('meson', FAKE_MESON), ('xvfb-run', PASS_THROUGH), ('dbus-run-session', PASS_THROUGH)):
            path = os.path.join(bin_dir, name)
            with open(path, 'w') as f:
                f.write(text)
            os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
        build = os.path.join(tmp, 'build')
        os.makedirs(build)
        open(os.path.join(build, 'build.ninja'), 'w').close()
        env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ['PATH'],
                   VITRINE_BUILDDIR=build, VITRINE_ASAN_BUILDDIR=os.path.join(tmp, 'asan'))
        proc = subprocess.run(['bash', os.path.join(top, 'build-aux', 'test')], env=env,
                              capture_output=True, text=True, timeout=300)
        last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ''
        print('exit %d, last line: %r' % (proc.returncode, last))
        if proc.returncode == 0:
            sys.exit('build-aux/test passed a failed run')
        # both runs counted: the plain one and the sanitized one
        if last != '2 passed, 2 failed, 0 skipped':
            sys.exit('build-aux/test did not end with the totals of both runs: %r\n%s' % (last, proc.stderr[-2000:]))


if __name__ == '__main__':
    main()
