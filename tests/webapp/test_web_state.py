"""The answers cannot be read, lost, mixed up or replayed: the cookie, ids and versions,
one-time add forms, drafts over a language switch, the size limit, and the idle limit."""

from __future__ import annotations

import base64
import random
import re
import time
import zlib

import pytest
from conftest import CONVICTIONS, PERSON, Visitor, check_page, fill_session, make_app
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from test_web_interview import conviction, interview

from webapp.cookie import BROWSER_LIMIT, Sealed

PERSONAL = ["Maria", "Lopez", "A-1001", "F-2002", "Oakland", "94612", "1980"]
NAME = "p64"


def _cookie(v: Visitor) -> str:
    cookie = v.client.get_cookie(NAME)
    assert cookie is not None
    return cookie.value


def _count(v: Visitor) -> int:
    with v.client.session_transaction() as session:
        return len(session.get("c", []))


def test_the_cookie_is_encrypted_and_ends_with_the_browser(visitor: Visitor) -> None:
    """This test ensures that the answers cookie reveals nothing to someone who holds it (no
    answer appears in it however it is decoded, and Flask's plain signed format cannot read
    it), and that it is a browser-session cookie, with no Expires or Max-Age."""
    interview(visitor)
    value = _cookie(visitor)
    assert value.startswith("1.")
    raw = base64.urlsafe_b64decode(value[2:] + "=" * (-len(value[2:]) % 4))
    for blob in (value.encode(), raw):
        for word in PERSONAL:
            assert word.encode() not in blob
        with pytest.raises(zlib.error):
            zlib.decompress(blob)
    # A page that changes the session sends the cookie again (one that changes nothing need not).
    response = visitor.client.get("/language/es", query_string={"next": "/convictions"})
    set_cookie = response.headers["Set-Cookie"]
    assert "Expires" not in set_cookie and "Max-Age" not in set_cookie


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=5), st.text(max_size=50) | st.integers(), max_size=8))
def test_the_sealed_cookie_round_trips_and_refuses_any_change(data: dict) -> None:
    """This test ensures that any session seals and opens back to itself, and that a cookie
    with any byte changed is refused."""
    sealed = Sealed("a-test-secret-that-is-long-enough-for-the-check")
    value = sealed.dumps(data)
    assert sealed.loads(value) == data
    tampered = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    with pytest.raises(Exception, match=r"sealed|session"):
        sealed.loads(tampered)
    with pytest.raises(Exception, match=r"sealed|session"):
        Sealed("another-secret-that-is-long-enough-for-it").loads(value)


def test_idle_expiry_shows_the_notice_after_the_wipe(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that after the idle time the answers are gone and the next page says
    so (the cookie outlives the idle time, carrying the time of last use inside it)."""
    v = Visitor(app.test_client(), "es")
    v.submit("/convictions/new", conviction("Kern", "K1", "HS 11359", "2010", "F", "f"))
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    page = v.get("/convictions").get_data(as_text=True)
    assert "K1" not in page
    assert "30 minutos" in page  # the notice, in Spanish
    with v.client.session_transaction() as session:
        assert "c" not in session and session["l"] == "es"


def test_a_cleared_or_expired_cookie_replayed_later_is_refused(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a copy of the cookie taken before "Clear my answers" gives
    nothing back when replayed, and neither does a copy older than the idle time."""
    v = Visitor(app.test_client())
    v.submit("/convictions/new", conviction("Kern", "K-REPLAY", "HS 11359", "2010", "F", "f"))
    copy = _cookie(v)
    v.post("/clear", {})
    thief = app.test_client()
    thief.set_cookie(NAME, copy)
    assert "K-REPLAY" not in thief.get("/convictions").get_data(as_text=True)

    v.submit("/convictions/new", conviction("Kern", "K-OLD", "HS 11359", "2010", "F", "f"))
    old = _cookie(v)
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    late = app.test_client()
    late.set_cookie(NAME, old)
    assert "K-OLD" not in late.get("/convictions").get_data(as_text=True)


def test_back_and_resubmit_or_double_submit_never_duplicates(visitor: Visitor) -> None:
    """This test ensures that the add form, submitted twice (a double click, or Back then Save),
    adds one conviction; Back shows the saved conviction to change instead of an empty form;
    and a reused form with other answers is not added without the person's say."""
    path, token, _ = visitor.form("/convictions/new")
    data = conviction("Kern", "K1", "HS 11359", "2010", "F", "f")
    for _ in range(2):
        response = visitor.client.post(path, data={"csrf_token": token, **data})
        assert response.status_code == 302
    assert _count(visitor) == 1
    back = visitor.client.get(path)
    assert back.status_code == 302 and back.location.endswith("/convictions/0")
    other = {**data, "county": "Yuba"}
    response = visitor.client.post(path, data={"csrf_token": token, **other})
    check_page(response)
    assert "already used" in response.get_data(as_text=True)
    assert _count(visitor) == 1


def test_edits_address_the_conviction_not_its_place(visitor: Visitor) -> None:
    """This test ensures that an edit page opened in one tab changes the same conviction after
    another tab removed an earlier one (ids are stable), and that a page older than the last
    change is refused with a message, changing nothing."""
    for case in ("K0", "K1", "K2"):
        visitor.submit("/convictions/new", conviction("Kern", case, "HS 11359", "2010", "F", "f"))
    _, token, version = visitor.form("/convictions/2")  # tab A opens conviction 3
    visitor.post("/convictions/0/remove", {})  # tab B removes conviction 1
    data = {**conviction("Kern", "K2-EDITED", "HS 11359", "2010", "F", "f")}
    response = visitor.client.post(
        "/convictions/2", data={"csrf_token": token, "version": version, **data}
    )
    assert response.status_code == 302
    with visitor.client.session_transaction() as session:
        assert [c["n"] for c in session["c"]] == ["K1", "K2-EDITED"]

    other = conviction("Yuba", "K1-A", "HS 11359", "2010", "F", "f")
    _, token, stale = visitor.form("/convictions/1")  # tab A opens conviction K1
    visitor.submit("/convictions/1", conviction("Kern", "K1-B", "HS 11359", "2010", "F", "f"))
    response = visitor.client.post(
        "/convictions/1",
        data={"csrf_token": token, "version": stale, **other},
    )
    check_page(response)
    html = response.get_data(as_text=True)
    assert "changed in another tab" in html and 'value="K1-A"' in html  # typed answers kept
    with visitor.client.session_transaction() as session:
        assert [c["n"] for c in session["c"]] == ["K1-B", "K2-EDITED"]
    gone = visitor.client.post("/convictions/0", data={"csrf_token": token, "version": "1", **data})
    assert gone.status_code == 302 and gone.location.endswith("/convictions")
    with visitor.client.session_transaction() as session:
        assert [c["n"] for c in session["c"]] == ["K1-B", "K2-EDITED"]


def test_remove_and_clear_ask_first_and_a_stale_remove_is_refused(visitor: Visitor) -> None:
    """This test ensures that Remove and "Clear my answers" show a page that asks for
    confirmation (no JavaScript needed), and that a remove page older than the conviction's
    last change removes nothing."""
    visitor.submit("/convictions/new", conviction("Kern", "K1", "HS 11359", "2010", "F", "f"))
    page = visitor.get("/convictions/0/remove").get_data(as_text=True)
    assert "Yes, remove this conviction" in page
    _, token, version = visitor.form("/convictions/0/remove")
    visitor.submit("/convictions/0", conviction("Kern", "K1-NEW", "HS 11359", "2010", "F", "f"))
    response = visitor.client.post(
        "/convictions/0/remove", data={"csrf_token": token, "version": version}
    )
    assert response.location.endswith("/convictions/0/remove")
    assert _count(visitor) == 1
    assert "Yes, clear my answers" in visitor.get("/clear").get_data(as_text=True)
    assert _count(visitor) == 1


@pytest.mark.parametrize("path", ["/about-you", "/convictions/new", "/petition"])
def test_switching_language_on_a_form_keeps_what_was_typed(app: Flask, path: str) -> None:
    """This test ensures that the language switcher on a form page is a button that submits
    the form's draft: the page comes back in the new language with what was typed."""
    v = Visitor(app.test_client())
    fill_session(v.client)
    target, token, version = v.form(path)
    html = v.client.get(target).get_data(as_text=True)
    assert f'formaction="/language/es?next={target}"' in html.replace("%2F", "/")
    typed = {
        "/about-you": {"dob_month": "June", "dob_day": "1", "dob_year": "1981", "juvenile": "n"},
        "/convictions/new": {"case_number": "DRAFT-77", "offense_year": "2013"},
        "/petition": {"name": "Ana Draft", "city": "Fresno"},
    }[path]
    data = {"csrf_token": token, **typed, **({"version": version} if version else {})}
    response = v.client.post(f"/language/es?next={target}", data=data)
    assert response.status_code == 302 and response.location == target
    page = v.client.get(target)
    check_page(page, "es")
    html = page.get_data(as_text=True)
    for value in typed.values():
        if value not in ("n",):
            assert f'value="{value}"' in html, value
    # The draft is used once: the next visit shows the saved answers again.
    assert "DRAFT" not in v.client.get(target).get_data(as_text=True)


# Each script's letters, drawn at random so that compression cannot shrink them: the worst
# case for the cookie. (The conviction boxes take Latin letters only; names and addresses take
# any script the court forms can print.)
SCRIPTS = {
    "latin": "abcdefghijklmnopqrstuvwxyzÁÉÍÓÚÑÜáéíóúñü",
    "chinese": "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2000)),
    "korean": "".join(chr(c) for c in range(0xAC00, 0xAC00 + 2000)),
    "vietnamese": "ĂÂĐÊÔƠƯăâđêôơưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệ"
    "ỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ",
}
CASE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-/"
SECTION_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.()&/-"


def _random(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _longest_conviction(rng: random.Random) -> dict[str, str]:
    data = conviction("San Bernardino", _random(rng, CASE_CHARS, 40), "other", "2015", "F", "p")
    data.update(section_typed="HS 11360 " + _random(rng, SECTION_CHARS, 51), convicted_month="12")
    data.update(convicted_day="31", convicted_year="2016", offense_day="28", offense_month="2")
    return data


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_the_cookie_never_passes_4kb_silently(app: Flask, script: str) -> None:
    """This test ensures that with the longest allowed answers in every box, in each script,
    adding convictions stops with a message before the cookie passes what browsers keep:
    every Set-Cookie stays under 4 KB and nothing already saved is lost."""
    v = Visitor(make_app(MAX_CONVICTIONS=40).test_client())
    rng = random.Random(script)
    letters = SCRIPTS[script]
    filer = {"name": _random(rng, letters, 100), "street": _random(rng, letters, 120)}
    filer.update(city=_random(rng, letters, 60), state=_random(rng, letters, 30))
    filer.update(zip="92688-1234", phone="+1 (949) 555-0100 " + "1" * 12, signature="typed")
    filer.update(email=_random(rng, "abcdefghij", 100) + "@example.com", attorney_bar="9" * 20)
    filer.update(attorney_name=_random(rng, letters, 100), server=_random(rng, letters, 100))
    filer.update(waive_judge="y", waive_appearance="y")
    response = v.post("/petition", filer)
    sizes = [len(response.headers.get("Set-Cookie", ""))]
    refused = response.status_code == 200
    added = 0
    while not refused and added < 40:
        response = v.post("/convictions/new", _longest_conviction(rng))
        sizes.append(len(response.headers.get("Set-Cookie", "")))
        if response.status_code == 200:
            refused = True
            break
        added += 1
        details = {"grams": "9999999.999", "concentrate": "9999999.999", "sold": "u"}
        r = v.post(
            f"/convictions/{added - 1}/details", {**details, "minors": "u", "interstate": "u"}
        )
        sizes.append(len(r.headers.get("Set-Cookie", "")))
        if r.status_code == 200:
            refused = True
            response = r
    assert refused, "40 of the longest convictions fit: raise the test's limit"
    check_page(response)
    assert "cannot keep more answers" in response.get_data(as_text=True)
    assert max(sizes) <= BROWSER_LIMIT, sizes
    with v.client.session_transaction() as session:
        assert len(session.get("c", [])) == added
    print(f"{script}: {added} of the longest convictions fit; largest cookie {max(sizes)} bytes")


def test_twenty_typical_convictions_fit(app: Flask) -> None:
    """This test ensures that the site's own limit (20 convictions) is reached with typical
    answers, before the cookie's."""
    client = app.test_client()
    fill_session(client)
    with client.session_transaction() as session:
        session["c"] = [{**CONVICTIONS[n % 3], "i": n, "v": 1} for n in range(20)]
        session["x"] = 20
        session["p"] = dict(PERSON)
    response = client.get("/convictions")
    assert len(response.headers["Set-Cookie"]) < 3000


def test_check_your_answers_writes_dates_in_words(app: Flask) -> None:
    """This test ensures that "6 1 2010" is June 1 (Month/Day/Year), that a month may be typed
    as a name, and that the check page writes each date in words with a link to change it, in
    English and in Spanish."""
    v = Visitor(app.test_client())
    v.post("/about-you", {"dob_month": "6", "dob_day": "1", "dob_year": "1981", "juvenile": "n",
                          "superstrike": "n", "pc290": "n"})  # fmt: skip
    data = conviction("Kern", "K1", "HS 11359", "2014", "F", "f")
    data.update(offense_month="March", offense_day="27", convicted_month="apr")
    data.update(convicted_day="2", convicted_year="2015")
    v.submit("/convictions/new", data)
    html = v.get("/check").get_data(as_text=True)
    for words in ("June 1, 1981", "March 27, 2014", "April 2, 2015"):
        assert words in html, words
    assert 'href="/convictions/0#offense_month"' in html and 'href="/about-you#dob_month"' in html
    es = Visitor(app.test_client(), "es")
    es.post("/about-you", {"dob_month": "junio", "dob_day": "1", "dob_year": "1981",
                           "juvenile": "n", "superstrike": "n", "pc290": "n"})  # fmt: skip
    assert "1 de junio de 1981" in es.get("/check").get_data(as_text=True)


def test_results_start_with_one_line_per_conviction(app: Flask) -> None:
    """This test ensures that the results page begins with one line per conviction, and that a
    question's link leads to the page and box that ask that fact."""
    client = app.test_client()
    fill_session(client)
    with client.session_transaction() as session:
        session["c"] = [
            {"co": "Kern", "s": "HS 11357(a)", "o": "2010-05-01", "l": "M", "t": "f", "i": 4},
            *session["c"][1:],
        ]
    html = client.get("/results").get_data(as_text=True)
    summary = re.search(r'<ul class="summary">(.*?)</ul>', html, re.S)
    assert summary and summary.group(1).count("<li") == 3
    assert html.index('class="summary"') < html.index('id="result-1"')
    links = re.findall(r'href="(/convictions/4/details#\w+)"', html)
    assert links, "no link to the question's box"
    page = client.get(links[0].split("#")[0]).get_data(as_text=True)
    assert f'id="{links[0].split("#")[1]}"' in page


# Every sentence the site says about what happens to the answers, and the tests that prove it.
PRIVACY_SENTENCES = {
    # Clinic mode (webapp/clinic.py)
    "This clears everything in this browser: the results page's copy of the upload stops "
    "working, and the interview's answers are forgotten. It cannot be undone. Download what you "
    "need first.": [
        "test_clinic.test_start_the_next_client_asks_then_clears_everything",
        "test_clinic_browser.test_clinic_upload_filter_downloads_and_next_client",
    ],
    "Nothing. The file is read in memory, never written to disk, and forgotten as soon as the "
    "page is sent. So that the buttons of the results work, the results page holds an encrypted "
    "copy of the file, which your browser sends back when you press one; it cannot be read "
    "without this site's key and stops working after %(minutes)d minutes or when you start the "
    "next client.": [
        "test_clinic.test_a_large_upload_is_not_spooled_to_disk",
        "test_clinic.test_a_cut_off_upload_leaves_nothing_behind",
        "test_clinic.test_an_oversized_upload_gets_a_message_and_nothing_is_written",
        "test_clinic.test_a_sealed_copy_from_another_browser_or_tampered_is_refused",
        "test_clinic.test_the_sealed_copy_stops_working_after_the_idle_time",
        "test_clinic.test_start_the_next_client_asks_then_clears_everything",
    ],
    "This site keeps nothing: your answers stay in this browser until you clear them, close it, "
    "or leave it unused for %(minutes)d minutes.": [
        "test_web_privacy.test_nothing_personal_in_logs_or_on_disk",
        "test_web_state.test_a_cleared_or_expired_cookie_replayed_later_is_refused",
        "test_web_browser_state.test_closing_the_browser_forgets_the_answers",
        "test_web_browser_state.test_idle_expiry_with_a_one_minute_limit_shows_the_notice",
    ],
    "Nothing. Your answers stay in this browser, in a cookie that only this site can read. They "
    "are gone when you clear them, when you close the browser, or after %(minutes)d minutes "
    "without use. To keep a copy on your own device, use “Save my answers”.": [
        "test_web_state.test_the_cookie_is_encrypted_and_ends_with_the_browser",
        "test_web_state.test_the_sealed_cookie_round_trips_and_refuses_any_change",
        "test_web_browser_state.test_closing_the_browser_forgets_the_answers",
        "test_web_state.test_idle_expiry_shows_the_notice_after_the_wipe",
    ],
    "The court forms need your name and address. They are printed on the forms; this site does "
    "not keep them.": ["test_web_privacy.test_nothing_personal_in_logs_or_on_disk"],
    "The site reads the file and keeps nothing.": [
        "test_web_privacy.test_nothing_personal_in_logs_or_on_disk",
        "test_web_interview.test_save_and_resume_give_the_same_packets",
    ],
    "Choose the file that “Save my answers” gave you (prop64-answers.json). Loading it replaces "
    "the answers in this browser.": [
        "test_web_interview.test_save_and_resume_give_the_same_packets"
    ],
    "This forgets every answer in this browser: about you, your convictions and your details "
    "for the forms. It cannot be undone. To keep a copy first, use “Save my answers”.": [
        "test_web_interview.test_clear_my_answers",
        "test_web_state.test_a_cleared_or_expired_cookie_replayed_later_is_refused",
    ],
    "The API sets no cookie and keeps nothing: the answers are not stored or logged.": [
        "test_api.test_no_cookie_is_read_or_set",
        "test_api.test_the_api_logs_nothing_and_writes_no_file",
        "test_api_abuse.test_memory_is_bounded_and_no_file_is_left_behind",
    ],
    "Your answers are still in this browser.": [
        "test_web_state.test_the_error_page_only_says_answers_are_kept_when_they_are",
    ],
}


def test_every_privacy_sentence_is_proved_by_a_test() -> None:
    """This test ensures that each sentence about privacy on the site is listed with the tests
    that prove it (a new or reworded sentence fails here until it is), and that those tests
    exist."""
    import importlib

    from babel.messages.pofile import read_po

    from webapp.i18n import POT

    with POT.open("rb") as f:
        catalog = read_po(f)
    ids = {m.id for m in catalog if isinstance(m.id, str)}
    privacy_words = re.compile(r"keeps? nothing|in this browser|does not keep|cookie", re.I)
    on_site = {i for i in ids if privacy_words.search(i) and "cleared" not in i}
    assert on_site <= set(PRIVACY_SENTENCES), on_site - set(PRIVACY_SENTENCES)
    for sentence, tests in PRIVACY_SENTENCES.items():
        assert sentence in ids, sentence
        for name in tests:
            module, function = name.split(".")
            assert callable(getattr(importlib.import_module(module), function)), name


def test_the_error_page_only_says_answers_are_kept_when_they_are(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This test ensures that a form left open past the idle time fails with a page that does
    not claim the answers are still there (they were cleared), while the same error with
    answers present says they are."""
    v = Visitor(app.test_client())
    v.submit("/convictions/new", conviction("Kern", "K1", "HS 11359", "2010", "F", "f"))
    _, token, version = v.form("/convictions/0")
    kept = v.client.post("/convictions/0", data={"csrf_token": "stale", "version": version})
    assert "still in this browser" in kept.get_data(as_text=True)
    later = time.time() + 31 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    data = {"csrf_token": token, "version": version}
    gone = v.client.post("/convictions/0", data=data)
    assert gone.status_code == 400
    assert "still in this browser" not in gone.get_data(as_text=True)


def test_every_fact_a_question_can_name_has_a_page_that_asks_it() -> None:
    """This test ensures that each fact the rules can ask about (rules.model.Fact) leads the
    results page's link to a page and box that ask it, not to a generic page."""
    from rules.model import Fact
    from webapp.interview import _FACT_PLACES

    assert set(_FACT_PLACES) == {f.value for f in Fact}


def test_one_codec_for_the_cookie_and_the_save_file(app: Flask) -> None:
    """This test ensures that the answers are one typed object with one JSON codec: what the
    session holds, what the save file holds and what is read back from it are the same."""
    from datetime import date

    from webapp import state
    from webapp.answer_types import Answers

    client = app.test_client()
    fill_session(client)
    with app.test_request_context("/"):
        from flask import session

        with client.session_transaction() as stored:
            session.update(stored)
        typed = state.answers()
        assert isinstance(typed, Answers) and typed
        assert typed.to_json() == {k: session[k] for k in ("p", "c", "f")}
        portable = state.portable_answers()
        assert all("i" not in c and "v" not in c for c in portable.convictions)
        raw = state.dump_save_file(portable, date(2026, 1, 2))
        loaded = state.load_save_file(raw, sorted({c["co"] for c in CONVICTIONS}), 20)
        assert loaded == portable
        assert Answers.from_json(loaded.to_json()) == loaded
        assert not Answers()
