"""The files a release folder holds, by output format.

One table, read by the converter that writes the files and by the channels that upload a
chosen set of them (`formats = [...]` in pressroom.toml), so neither imports the other.
"""

from __future__ import annotations

OUTPUT_FILES = {"html": "release.html", "pdf": "release.pdf", "xml": "release.xml", "json": "release.json",
                "docx": "release.docx", "odt": "release.odt", "ninjs": "release.ninjs.json",
                "nitf": "release.nitf.xml", "package": "release.package.xml"}
"""The file each format is written to (the SFTP/FTP channels' `formats` option maps through it).
`package` is the NewsML-G2 newsMessage (text + picture items) written beside release.xml when a
release has pictures (pipeline/newsml_package.py)."""
