"""``/meetings`` pages, the API and the ``.ics``: times in two zones, hostile feeds escaped and never linked."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from recoverynav.app import create_app
from recoverynav.meetings import FeedRun, Meeting, MeetingFilter, MeetingQuery, import_feed, search_meetings
from recoverynav.storage.meetings import SqlMeetingRepository, meeting_repository
from recoverynav.web.deps import meeting_repository as web_repository
from tests.meetings.conftest import record

HOSTILE_URLS = [
    "javascript:alert(document.domain)//://x",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "http:\\\\evil.example",
]


@pytest.fixture()
def hostile_client(meeting_repo: SqlMeetingRepository) -> Iterator[TestClient]:
    records = [
        record(
            f"h{i}",
            name="<script>alert(1)</script> Group",
            notes='<img src=x onerror=alert(1)> "quoted"',
            location="<b>Hall</b>",
            conference_url=url,
            url=url,
            conference_phone="javascript:alert(1)",
            types=["ONL", "O"],
        )
        for i, url in enumerate(HOSTILE_URLS)
    ]
    import_feed(json.dumps(records).encode(), "hostile.json", meeting_repo, feed="hostile", title="<i>Evil</i>")
    # Rows written past the importer (an older release, another tool): the pages' allow-list alone must hold.
    direct = [
        Meeting(
            feed="direct",
            slug=f"d{i}",
            name="<script>alert(1)</script> Group",
            days=[1],
            time="19:00",
            timezone="America/New_York",
            attendance="hybrid",
            latitude=39.95,
            longitude=-75.17,
            conference_url=url,
            url=url,
            conference_phone="javascript:alert(1)",
            notes="<img src=x onerror=alert(1)>",
        )
        for i, url in enumerate(HOSTILE_URLS)
    ]
    meeting_repo.upsert_feed(direct, FeedRun(feed="direct", title="direct", source_name="test", sha256="0" * 64))
    app = create_app()
    app.dependency_overrides[web_repository] = lambda: meeting_repo
    with TestClient(app) as client:
        yield client


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]*)"', html)


def test_hostile_names_notes_and_links_are_escaped_and_never_linked(
    hostile_client: TestClient, meeting_repo: SqlMeetingRepository
) -> None:
    pages = [hostile_client.get("/meetings", params={"near": "19103"}).text]
    pages += [hostile_client.get(f"/meetings/{s.id}").text for s in meeting_repo.find(MeetingFilter())]
    assert len(pages) == 1 + 2 * len(HOSTILE_URLS)
    for html in pages:
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "<b>Hall" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Group" in html
        for target in hrefs(html):
            scheme = re.match(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):", target)
            assert scheme is None or scheme.group(1).lower() in {"http", "https", "tel"}, target


def test_hostile_links_never_reach_a_calendar_file(
    hostile_client: TestClient, meeting_repo: SqlMeetingRepository
) -> None:
    """The .ics takes its URL and "Online:" line through the same allow-list as the pages: a poisoned row gives the
    meeting's own page as its URL, and a line break in a stored link cannot break the file (it was a 500)."""
    meetings = meeting_repo.find(MeetingFilter())
    assert len(meetings) == 2 * len(HOSTILE_URLS)
    for meeting in meetings:
        response = hostile_client.get(f"/meetings/{meeting.id}.ics")
        assert response.status_code == 200, (meeting.id, response.text[:200])
        event = Calendar.from_ical(response.content).walk("VEVENT")[0]
        assert str(event["URL"]) == f"http://testserver/meetings/{meeting.id}"
        description = str(event["DESCRIPTION"]).lower()
        assert "online:" not in description and "script:" not in description.replace("phone: javascript:", "")


def test_online_link_and_phone_are_shown(meeting_repo: SqlMeetingRepository) -> None:
    online = record("z", conference_url="https://zoom.us/j/123", conference_phone="+16699009128,,123#", types=["ONL"])
    import_feed(json.dumps([online]).encode(), "f.json", meeting_repo, feed="f", title="Test Intergroup")
    app = create_app()
    app.dependency_overrides[web_repository] = lambda: meeting_repo
    with TestClient(app) as client:
        meeting_id = meeting_repo.find(MeetingFilter())[0].id
        html = client.get(f"/meetings/{meeting_id}").text
        event = Calendar.from_ical(client.get(f"/meetings/{meeting_id}.ics").content).walk("VEVENT")[0]
    assert str(event["URL"]) == "https://zoom.us/j/123" and "Online: https://zoom.us/j/123" in str(event["DESCRIPTION"])
    assert 'href="https://zoom.us/j/123"' in html and 'href="tel:+16699009128"' in html
    assert "Test Intergroup" in html and "check with the group" in html and "updated" in html


def test_viewer_zone_shows_the_other_time(meeting_repo: SqlMeetingRepository) -> None:
    pacific = record("p", timezone="America/Los_Angeles", time="18:30", day=3)
    import_feed(json.dumps([pacific]).encode(), "f.json", meeting_repo, feed="f")
    app = create_app()
    app.dependency_overrides[web_repository] = lambda: meeting_repo
    with TestClient(app) as client:
        html = client.get("/meetings", params={"near": "19103", "tz": "America/New_York"}).text
    assert "Wednesday 6:30 PM P" in html and "Your time: Wednesday 9:30 PM E" in html


def test_ics_from_a_pacific_feed_lands_at_the_right_hour_in_eastern_time(bundled_meetings: str) -> None:
    repo = meeting_repository(bundled_meetings)
    result = search_meetings(MeetingQuery(near="San Jose, CA", limit=50), repo)
    meeting = next(h for h in result.results if h.timezone == "America/Los_Angeles")
    with TestClient(create_app()) as client:
        response = client.get(f"/meetings/{meeting.id}.ics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    event = calendar.walk("VEVENT")[0]
    start = event.decoded("DTSTART")
    eastern = ZoneInfo("America/New_York")
    hour, minute = map(int, meeting.time.split(":"))
    # Winter and summer instances of the weekly rule: Eastern is three hours ahead of Pacific either way.
    for weeks in (0, 13, 26, 39):
        local = start + dt.timedelta(weeks=weeks)
        assert (local.hour, local.minute) == (hour, minute)
        seen = local.astimezone(eastern)
        assert (seen - seen.replace(hour=hour, minute=minute)).total_seconds() / 3600 % 24 == 3
    assert event["RRULE"]["FREQ"] == ["WEEKLY"]  # type: ignore[index]
    # The face builds the link to the meeting's own page (the capability takes it whole).
    assert str(event["URL"]) == (meeting.conference_url or f"http://testserver/meetings/{meeting.id}")


def test_api_search_and_one_meeting(bundled_meetings: str) -> None:
    with TestClient(create_app()) as client:
        found = client.get("/api/v1/meetings", params={"near": "19103", "type": ["S", "O"], "day": "sun"}).json()
        assert found["results"] and all({"S", "O"} <= set(r["types"]) and r["days"] == [0] for r in found["results"])
        one = client.get(f"/api/v1/meetings/{found['results'][0]['id']}", params={"tz": "America/Denver"}).json()
        assert one["slug"] == found["results"][0]["slug"] and one["viewer_start"].endswith("-07:00")
        bad = client.get("/api/v1/meetings", params={"near": "19103", "type": "nope"})
        assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][:2] == ["query", "type"]
        assert client.get("/api/v1/meetings/2147483647").status_code == 404


def test_every_api_parameter_is_bounded_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/v1/meetings", "/api/v1/meetings/{meeting_id}"):
        for param in spec["paths"][path]["get"]["parameters"]:
            schema = json.dumps(param["schema"])
            assert any(k in schema for k in ("maxLength", "maximum", "enum", '"boolean"', "maxItems")), param


def test_the_pages_are_spanish_with_the_specs_type_labels(meeting_repo: SqlMeetingRepository) -> None:
    from recoverynav.meetings import ATTRIBUTION, CHECK_NOTICE, meeting_types
    from recoverynav.web.meetings import CREDIT, NOTICE

    # The notices the pages translate are the capability's own words.
    assert (NOTICE, CREDIT) == (CHECK_NOTICE, ATTRIBUTION)
    spanish = record("es", timezone="America/Los_Angeles", time="18:30", day=3, types=["S", "O"])
    import_feed(json.dumps([spanish]).encode(), "f.json", meeting_repo, feed="f", title="Intergrupo Hispano")
    app = create_app()
    app.dependency_overrides[web_repository] = lambda: meeting_repo
    with TestClient(app) as client:
        listing = client.get("/meetings", params={"near": "19103", "tz": "America/New_York", "lang": "es"}).text
        meeting_id = meeting_repo.find(MeetingFilter())[0].id
        page = client.get(f"/meetings/{meeting_id}", params={"lang": "es"}).text
        missing = client.get("/meetings/999999", params={"lang": "es"})
    types = meeting_types()
    for html in (listing, page):
        assert '<html lang="es"' in html
        assert f"{types['S'].es} · {types['O'].es}" in html or f"{types['O'].es} · {types['S'].es}" in html
        assert "Las reuniones cambian: confirme con el grupo antes de ir." in html
        assert "Cada miércoles a las 18:30" in html and "check with the group" not in html
    assert "miércoles 18:30 P" in listing and "Su hora: miércoles 21:30 E" in listing
    assert "1 reunión a menos de 10 millas de" in listing and "Tipos de reunión" in listing
    assert missing.status_code == 404 and "No se encontró la reunión" in missing.text
