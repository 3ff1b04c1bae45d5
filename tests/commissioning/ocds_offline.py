"""Offline libcoveocds: a ZIP shaped like the OCDS standard repository (tag 1__1__5) built from the vendored
schemas in `ocds_schema/` (see SOURCE there), handed to libcoveocds as `standard_zip` so nothing is downloaded.

- release-package-schema.json, release-schema.json: vendored OCDS schemas.
- versioned-release-validation-schema.json: libcoveocds registers it as a $ref target; only RECORD packages
  refer to it, so an empty draft-04 schema is enough for release packages (we export release packages only).
- codelists/*.csv: derived from the release schema – each CLOSED codelist is exactly the schema's `enum`;
  OPEN codelists get a header only (libcoveocds then lists their codes as "additional", never as errors).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).parent / "ocds_schema"
TAG = "1__1__5"


def _codelists(schema: dict[str, Any]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            name = node.get("codelist")
            if isinstance(name, str):
                values = node.get("enum") or (node.get("items") or {}).get("enum") or []
                codes = {v for v in values if isinstance(v, str)} if not node.get("openCodelist") else set()
                found.setdefault(name, set()).update(codes)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def standard_zip(tmp_dir: Path) -> Path:
    path = tmp_dir / "standard.zip"
    release_schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    root = f"standard-{TAG}/"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(root, "")
        z.writestr(root + "schema/", "")
        for name in ("release-schema.json", "release-package-schema.json"):
            z.write(SCHEMA_DIR / name, f"{root}schema/{name}")
        z.writestr(
            f"{root}schema/versioned-release-validation-schema.json",
            json.dumps({"$schema": "http://json-schema.org/draft-04/schema#"}),
        )
        for name, codes in sorted(_codelists(release_schema).items()):
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(["Code", "Title", "Description"])
            for code in sorted(codes):
                writer.writerow([code, code, ""])
            z.writestr(f"{root}schema/codelists/{name}", buf.getvalue())
    return path


def validate(package: dict[str, Any], tmp_dir: Path) -> dict[str, Any]:
    import libcoveocds.config
    from libcoveocds.api import ocds_json_output

    config = libcoveocds.config.LibCoveOCDSConfig({"standard_zip": f"file://{standard_zip(tmp_dir)}", "context": "api"})
    out = tmp_dir / "cove"
    out.mkdir(exist_ok=True)
    return ocds_json_output(str(out), json_data=package, lib_cove_ocds_config=config)
