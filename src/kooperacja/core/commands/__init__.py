"""Management commands that replace a contrib app's command of the same name.

Django takes a command from the first installed app that has it, so this small app is listed before
`django.contrib.auth` in INSTALLED_APPS; it has no models. Its only command is the Polish `createsuperuser`.
"""
