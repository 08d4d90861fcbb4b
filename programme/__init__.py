"""The composition layer: the pages that combine apps, the demo's loading order, `loaddemo`.

It sits above every app and may import any of them; no app imports it.
"""
