"""Press photos travelling with a release: reading them safely, their metadata, their renditions.

* `images`: an image file is hostile input — magic bytes, pixel limits, one clear refusal.
* `metadata`: caption, credit, rights and alt text from the file's own IPTC IIM / XMP / EXIF.
* `sidecar`: the same from `media.toml` or `<image>.toml` beside it (these win over the file).
* `folder`: a release folder (one release file plus images) → source + pictures.
* `renditions`: print, web and thumbnail JPEGs under `media/`, sRGB, metadata stripped but rights.
"""
