from tests.matrix import EVERYONE, Case

CASES = [
    Case("core:home", EVERYONE),
    Case("core:about", EVERYONE),
    Case("core:accessibility", EVERYONE),
    Case("core:health", EVERYONE),
]
