# A list of failed checks, printed at the end: shared by the check-*.py
# scripts of the data suite.

import sys


class Checks:
    def __init__(self, name):
        self.name = name
        self.failures = []

    def check(self, cond, message):
        if not cond:
            self.failures.append(message)

    def report(self):
        """Prints each failure (or that all is well); the exit status."""
        for f in self.failures:
            print(f'FAIL: {f}', file=sys.stderr)
        if not self.failures:
            print(f'{self.name}: ok')
        return 1 if self.failures else 0
