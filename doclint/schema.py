"""The JSON output's record, validated with pydantic at the boundary."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class JsonFinding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    suggestion: str | None = None
    label: str | None = None  # the paragraph or page label for .docx/.pdf input
