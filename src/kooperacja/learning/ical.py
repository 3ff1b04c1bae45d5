"""An iCalendar (RFC 5545) file for one live session, written by hand: one VEVENT, times in UTC."""

from __future__ import annotations

from datetime import UTC, datetime

from .models import LiveSession


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "").replace("\n", "\\n")


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    out, raw = [], line.encode()
    while len(raw) > 73:
        cut = 73
        while (raw[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        out.append(raw[:cut].decode())
        raw = raw[cut:]
    out.append(raw.decode())
    return "\r\n ".join(out)


def session_ics(session: LiveSession, *, url: str, host: str) -> str:
    location = session.place or session.online_url
    description = f"{session.course.title}\n{url}" + (f"\n{session.online_url}" if session.online_url else "")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kooperacja//Szkoła Kooperacji//PL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:learning-session-{session.pk}@{host}",
        f"DTSTAMP:{_utc(session.updated_at)}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_esc(session.title)}",
        f"LOCATION:{_esc(location)}",
        f"DESCRIPTION:{_esc(description)}",
        f"URL:{url}",
        "STATUS:CANCELLED" if session.state == "cancelled" else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
