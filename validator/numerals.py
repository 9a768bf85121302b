"""Chinese numerals, as reports write them in headings, counts and durations."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
           "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

CN_NUMERAL_CHARS = "零〇○一二两三四五六七八九十百千"


def cn_to_int(text: str) -> int | None:
    """Value of a Chinese numeral ("三十" → 30, "十五" → 15, "二〇二五" → 2025); None if not one."""
    if not text or any(c not in _DIGITS and c not in _UNITS for c in text):
        return None
    if not any(c in _UNITS for c in text):
        # digit-by-digit form, as in years: 二〇二五
        value = 0
        for c in text:
            value = value * 10 + _DIGITS[c]
        return value
    total, current = 0, 0
    for c in text:
        if c in _DIGITS:
            current = _DIGITS[c]
        else:
            total += (current or 1) * _UNITS[c]
            current = 0
    return total + current


def to_int(text: str) -> int | None:
    """Arabic or Chinese numeral to int."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


_CN_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 1010 → 一千零一十; outside 1..9999 the Arabic number."""
    if not 0 < n < 10000:
        return str(n)
    out = ""
    pending_zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += _CN_DIGITS[0]
            pending_zero = False
        if not (digit == 1 and value == 10 and not out):  # 十二, not 一十二; but 一百一十
            out += _CN_DIGITS[digit]
        out += unit
    return out
