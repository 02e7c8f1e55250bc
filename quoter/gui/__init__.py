"""The desktop app (PySide6 Widgets): the only package that imports Qt.

Widgets are thin: they show what the use cases return and call them; slow work runs in workers
(`worker.py`) whose results reach the UI thread by queued signals. See ../shared/GUI.md.
"""
