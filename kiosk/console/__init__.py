"""The web console (issue #14): curators and administrators run the hall from a browser.

A separate process, `python -m kiosk console`; the kiosk never imports it. The two share
files, never memory: the console writes content/ and playlists/ as a careful curator would
(temporary name in the same folder, fsync, rename) and reads data/status.json.

    cli.py       python -m kiosk console [add-user | passwd | remove-user | list-users | token | revoke-token]
    app.py       the routes: each page and its /api/v1/ twin call the same handler
    auth.py      signed session cookies, CSRF tokens, login throttling, bearer tokens
    users.py     data/console-users.json: scrypt passwords, hashed tokens, roles
    files.py     paths confined to content/ and playlists/; atomic writes, listings, deletions
    upload.py    one file arriving in chunks: size limit, free disk, type from its bytes
    forms.py     the upload form's multipart body, read as it arrives (never whole in memory)
    history.py   data/history/: the previous version of every file a change replaced or deleted
    audit.py     data/audit.log: logins, changes, restores, downloads, one JSON line each
    hall.py      what the console reads of the hall: problems, status, zones and panels, the report
    refusal.py   Refused: one Chinese sentence and an HTTP status, for a page or the API
"""
