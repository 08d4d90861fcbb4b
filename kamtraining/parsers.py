"""The one JSON parser of the API: what it accepts is what every view and serializer can handle.

Python's `json` reads `1e400` as infinity and nests as deep as the stack allows; neither fits
any field here, and both used to surface as a server error deep inside a view. Refused at the
door instead, with a 400 that says why.
"""

import json
import math
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from kamtraining.exceptions import RequestTooLarge

MAX_DEPTH = 32
# Wider than any id or count in the database (a signed 64-bit integer).
MAX_MAGNITUDE = 2**63 - 1


def _refuse_constant(name: str) -> Any:
    raise ParseError(_("%(value)s is not a number JSON allows.") % {"value": name})


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        raise ParseError(_("The number %(value)s is out of range.") % {"value": text[:40]})
    return value


def _parse_int(text: str) -> int:
    # A long run of digits is cheap to refuse by its length before converting it.
    if len(text) > 20 or abs(int(text)) > MAX_MAGNITUDE:
        raise ParseError(_("The number %(value)s is out of range.") % {"value": text[:40]})
    return int(text)


def check_value(value: Any) -> None:
    """Refuse nesting deeper than MAX_DEPTH and strings with a NUL character (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise ParseError(
                    _("The JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}
                )
            if isinstance(item, dict):
                for key, child in item.items():
                    if "\x00" in key:
                        raise ParseError(_("Text may not contain the NUL character."))
                    stack.append((child, depth + 1))
            else:
                stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str) and "\x00" in item:
            raise ParseError(_("Text may not contain the NUL character."))


class SafeJSONParser(JSONParser):
    """JSON with finite numbers in the 64-bit range, at most 32 levels, no NUL, bounded size."""

    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        if stream is None:
            raise ParseError(_("The request has no body."))
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        body = stream.read(limit + 1) if limit is not None else stream.read()
        if limit is not None and len(body) > limit:
            raise RequestTooLarge(
                _("The request body is larger than %(size)s KiB.") % {"size": limit // 1024}
            )
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = body.decode(encoding)
            value = json.loads(
                text,
                parse_constant=_refuse_constant,
                parse_float=_parse_float,
                parse_int=_parse_int,
            )
        except ParseError:
            raise
        except RecursionError as error:
            raise ParseError(
                _("The JSON is nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}
            ) from error
        except (ValueError, LookupError) as error:
            raise ParseError(_("The request body is not valid JSON.")) from error
        check_value(value)
        return value
