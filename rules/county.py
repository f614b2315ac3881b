"""County office mode: the statute's answer and the county's policy, side by side.

    prop64 county INPUT --county NAME [--policy FILE] [--as-of YYYY-MM-DD] -o DIR

INPUT is a DOJ bulk extract (:mod:`rules.doj`) or a CSV of the batch contract (:mod:`rules.batch`),
told apart by the header. DIR receives (each file written under a temporary name, mode 600, and
renamed when complete; an interrupted run leaves none of them):

``results.csv``      every input row, in input order, with its columns, then (DOJ input) the facts
                     read from it (:data:`rules.doj.FACT_COLUMNS`), the statute's columns
                     (``outcome`` … ``errors``, as ``prop64 evaluate``) and ``policy_outcome``,
                     ``policy_reasons``
``condensed.csv``    one row per conviction: who, which case, which section, both answers
``cannabis.csv``     the county's convictions of cannabis sections only, with every column
``dismiss.csv``, ``reduce.csv``, ``review.csv``
                     lists ready for court action, by ``policy_outcome`` (the office's answer):
                     dismissals, reductions, and convictions a lawyer must look at, each with its
                     case number
``disagreements.csv`` every conviction where the statute and the policy alone (gogen's answer)
                     differ, and why
``summary.json``     gogen's figures (under the policy and under "dismiss all"), the statute's
                     own, the office's (policy with the statute's floor)
``report.html``      the same as charts and tables, self-contained (opens from disk, no network),
                     printable

Only convictions in the county are decided (``--county``); the person's convictions elsewhere stay
in the record the statute reads for priors, and in gogen's person counts.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from rules import doj
from rules.batch import OUTPUT_COLUMNS, ContractError, Evaluation, result_columns
from rules.csvsafe import SafeWriter, copy_safe, csv_text, restore
from rules.engine import evaluate_one, record_entry
from rules.model import Conviction, Joined, Level, Outcome, Person, Result, SentenceStatus
from rules.policy import (
    NOTHING,
    PROP64_TEXT,
    Choice,
    PersonFacts,
    Policy,
    PolicyAnswer,
    answer,
    choose,
    touches,
)

POLICY_COLUMNS = ("policy_outcome", "policy_reasons")
LIST_COLUMNS = (
    "line",
    "person_id",
    "name",
    "date_of_birth",
    "county",
    "case_number",
    "code_section",
    "level",
    "conviction_date",
    "arrest_date",
    "sentence_status",
    "outcome",
    "reasons",
    "policy_outcome",
    "policy_reasons",
)
DISAGREEMENT_COLUMNS = (
    "line",
    "person_id",
    "case_number",
    "code_section",
    "level",
    "conviction_date",
    "policy_alone",
    "policy_reason",
    "outcome",
    "why",
)
FILES = (
    "results.csv",
    "condensed.csv",
    "cannabis.csv",
    "dismiss.csv",
    "reduce.csv",
    "review.csv",
    "disagreements.csv",
    "summary.json",
    "report.html",
)


# -- One decided conviction --------------------------------------------------------------------


@dataclass(slots=True)
class Decision:
    """The statute's result and the policy's answer for one conviction in the county."""

    result: Result
    policy: PolicyAnswer
    status: SentenceStatus | None = None
    status_derived: bool = False


# Per person, what gogen's "who is left with no felony / no conviction" figures count, in one
# array of numbers (a scattered file keeps a person open until their last row: up to a third of a
# county's people at once). For each variant i (0: the policy alone, as gogen; 1: "dismiss all";
# 2: the office's answer, policy with the statute's floor; 3: the statute alone): relieved
# felonies, dismissed convictions, dismissed convictions of the last 7 years (from the run's
# day, as gogen counts, and from --as-of), whether any conviction is relieved.
_FELONIES, _CONVICTIONS, _RECENT_NOW, _RECENT_AS_OF = 0, 1, 2, 3
_FELONY_RELIEF, _DISMISSED, _DISMISSED_NOW, _DISMISSED_AS_OF, _SOME_RELIEF = 4, 8, 12, 16, 20
_PROP64_IN_COUNTY = 24
_BLANK_TALLY = array("I", [0] * 25)


_REDUCED = {Outcome.REDUCE_TO_MISDEMEANOR, Outcome.REDUCE_TO_INFRACTION}


def _seven_years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 7)
    except ValueError:
        return day.replace(year=day.year - 7, day=28)


class Tally:
    """The summary's figures, gathered one conviction at a time."""

    def __init__(self, county: str | None, policy: Policy, as_of: date, today: date) -> None:
        self.county, self.policy, self.as_of = county, policy, as_of
        self.since_now = _seven_years_before(today)
        self.since_as_of = _seven_years_before(as_of)
        self.reset()

    def reset(self) -> None:
        """Forget every figure (a run that reads the input again starts over)."""
        self.people: dict[str, array[int]] = {}  # open people (see _FELONIES ...)
        # People already counted (fold): (no felony, no conviction, none in 7 years from the
        # run's day, from --as-of) per variant, people with some relief per variant, people
        # with a cannabis conviction in the county, people in all.
        self.folded_relief = [[0, 0, 0, 0] for _ in range(4)]
        self.folded_some = [0, 0, 0, 0]
        self.folded_prop64 = 0
        self.folded_people = 0
        self.lines = 0
        self.bad_lines: list[tuple[int, str]] = []
        self.by_section: Counter[str] = Counter()
        self.felony_p64 = 0
        self.non_felony_p64 = 0
        self.choice_labels: Counter[tuple[str, str]] = Counter()
        self.earliest: date | None = None
        self.statute_outcomes: Counter[str] = Counter()
        self.statute_reasons: Counter[str] = Counter()
        self.statute_by_section: Counter[tuple[str, str]] = Counter()
        self.policy_outcomes: Counter[str] = Counter()
        self.policy_reasons: Counter[str] = Counter()
        self.raised: Counter[str] = Counter()
        self.decided = 0
        self.disagreements: Counter[tuple[str, str, str]] = Counter()
        self.statute_earliest: date | None = None

    def person(self, pid: str) -> array[int]:
        t = self.people.get(pid)
        if t is None:
            t = self.people[pid] = array("I", _BLANK_TALLY)
        return t

    def conviction(
        self,
        pid: str,
        section_text: str,
        felony: bool,
        day: date | None,
        decision: Decision | None,
        touched: bool,
    ) -> None:
        """Count one conviction of the person (every county); ``decision`` is None for one
        the run does not decide (another county)."""
        t = self.person(pid)
        t[_CONVICTIONS] += 1
        if felony:
            t[_FELONIES] += 1
        recent_now = day is not None and day > self.since_now
        recent_as_of = day is not None and day > self.since_as_of
        t[_RECENT_NOW] += recent_now
        t[_RECENT_AS_OF] += recent_as_of
        if decision is None:
            return
        choice = decision.policy.choice
        variants: list[tuple[bool, bool]] = []  # (dismissed, relieved) per variant
        # 0: the policy alone (gogen), 1: dismiss all (gogen's hypothetical)
        variants.append((choice.action == "dismiss", bool(choice.action)))
        variants.append((touched, touched))
        # 2: the office's answer, 3: the statute
        for o in (decision.policy.outcome, decision.result.outcome):
            variants.append((o is Outcome.DISMISS, o is Outcome.DISMISS or o in _REDUCED))
        for i, (dismissed, relieved) in enumerate(variants):
            if relieved:
                t[_SOME_RELIEF + i] = 1
                if felony:
                    t[_FELONY_RELIEF + i] += 1
            if dismissed:
                t[_DISMISSED + i] += 1
                t[_DISMISSED_NOW + i] += recent_now
                t[_DISMISSED_AS_OF + i] += recent_as_of
        if touched:
            t[_PROP64_IN_COUNTY] = 1
            m = PROP64_TEXT.search(section_text)
            assert m is not None
            self.by_section[m[1]] += 1
            if felony:
                self.felony_p64 += 1
            else:
                self.non_felony_p64 += 1
            if choice.action:
                self.choice_labels[(choice.action, choice.label)] += 1
            if day is not None and (self.earliest is None or day < self.earliest):
                self.earliest = day
        r = decision.result
        self.decided += 1
        self.statute_outcomes[r.outcome.value] += 1
        for code in r.reason_codes:
            self.statute_reasons[code] += 1
        if r.outcome is not Outcome.NOT_APPLICABLE:
            self.statute_by_section[(_section_number(section_text), r.outcome.value)] += 1
            if day is not None and (self.statute_earliest is None or day < self.statute_earliest):
                self.statute_earliest = day
        p = decision.policy
        self.policy_outcomes[p.outcome.value] += 1
        for reason in p.reasons:
            self.policy_reasons[reason] += 1
        if p.raised_to_floor:
            self.raised[choice.label] += 1
        if touched and _disagrees(choice, r.outcome):
            first = r.reason_codes[0] if r.reason_codes else ""
            self.disagreements[(choice.action or "none", r.outcome.value, first)] += 1

    def fold(self, pid: str) -> None:
        """Count a person whose record is complete into the totals, and forget them."""
        t = self.people.pop(pid, None)
        if t is None:
            return
        self.folded_people += 1
        self.folded_prop64 += t[_PROP64_IN_COUNTY]
        felonies, convictions = t[_FELONIES], t[_CONVICTIONS]
        recent_now, recent_as_of = t[_RECENT_NOW], t[_RECENT_AS_OF]
        for i in range(4):
            r = self.folded_relief[i]
            r[0] += bool(felonies and felonies == t[_FELONY_RELIEF + i])
            r[1] += bool(convictions and convictions == t[_DISMISSED + i])
            r[2] += bool(recent_now and recent_now == t[_DISMISSED_NOW + i])
            r[3] += bool(recent_as_of and recent_as_of == t[_DISMISSED_AS_OF + i])
            self.folded_some[i] += t[_SOME_RELIEF + i]

    def fold_all(self) -> None:
        for pid in list(self.people):
            self.fold(pid)

    def _relief_counts(self, i: int, *, now: bool) -> dict[str, int]:
        self.fold_all()
        r = self.folded_relief[i]
        return {
            "CountSubjectsNoConviction": r[1],
            "CountSubjectsNoConvictionLast7Years": r[2] if now else r[3],
            "CountSubjectsNoFelony": r[0],
        }

    def summary(self) -> dict[str, object]:
        self.fold_all()
        p = self.policy
        dismiss_by_section = {
            s: self.choice_labels[("dismiss", f"Dismiss all HS {s} convictions")] for s in p.dismiss
        }
        reduce_by_section = {
            s: self.choice_labels[("reduce", f"Reduce all HS {s} convictions")] for s in p.reduce
        }
        extra = {
            label: n
            for (action, label), n in sorted(self.choice_labels.items())
            if action == "dismiss"
            and not label.startswith("Dismiss all HS")
            and not label.startswith("Misdemeanor or Infraction")
        }
        earliest = self.earliest
        gogen = {
            "county": self.county or "",
            "earliestConviction": f"{earliest.isoformat()}T00:00:00Z" if earliest else None,
            "lineCount": self.lines,
            "reliefWithCurrentEligibilityChoices": self._relief_counts(0, now=True),
            "reliefWithDismissAllProp64": self._relief_counts(1, now=True),
            "prop64ConvictionsCountInCountyByCodeSection": dict(sorted(self.by_section.items())),
            "subjectsWithProp64ConvictionCountInCounty": self.folded_prop64,
            "prop64FelonyConvictionsCountInCounty": self.felony_p64,
            "prop64NonFelonyConvictionsCountInCounty": self.non_felony_p64,
            "subjectsWithSomeReliefCount": self.folded_some[0],
            "convictionDismissalCountByCodeSection": dismiss_by_section,
            "convictionReductionCountByCodeSection": reduce_by_section,
            "convictionDismissalCountByAdditionalRelief": extra,
        }

        def block(i: int) -> dict[str, object]:
            return {
                "relief_counted_from_as_of": self._relief_counts(i, now=False),
                "subjectsWithSomeReliefCount": self.folded_some[i],
            }

        by_section: dict[str, dict[str, int]] = {}
        for (sec, outcome), n in sorted(self.statute_by_section.items()):
            by_section.setdefault(sec, {})[outcome] = n
        return {
            "county": self.county,
            "as_of": self.as_of.isoformat(),
            "policy": {"name": p.name, "given": p.given, "options": dict(p.options())},
            "lines": self.lines,
            "people": self.folded_people,
            "convictions_decided": self.decided,
            "lines_with_problems": len(self.bad_lines),
            "gogen": gogen,
            "gogen_note": (
                "gogen's own figures, computed its way: the policy alone, without the statute;"
                " 'last 7 years' counted back from the day of the run, as gogen does"
                " (time.Now), not from --as-of. The blocks below count from --as-of."
            ),
            "statute": {
                **block(3),
                "convictions_by_outcome": dict(sorted(self.statute_outcomes.items())),
                "convictions_by_reason": dict(sorted(self.statute_reasons.items())),
                "convictions_by_section_and_outcome": by_section,
                "earliest_cannabis_conviction": self.statute_earliest.isoformat()
                if self.statute_earliest
                else None,
            },
            "policy_with_statute_floor": {
                **block(2),
                "convictions_by_outcome": dict(sorted(self.policy_outcomes.items())),
                "convictions_by_reason": dict(sorted(self.policy_reasons.items())),
                "raised_to_statute_floor_by_option": dict(sorted(self.raised.items())),
            },
            "policy_alone": block(0),
            "dismiss_all_prop64": block(1),
            "disagreements_policy_alone_vs_statute": [
                {"policy_alone": a, "statute": o, "first_reason": r, "convictions": n}
                for (a, o, r), n in sorted(self.disagreements.items(), key=lambda kv: -kv[1])
            ],
        }


def _section_number(text: str) -> str:
    m = PROP64_TEXT.search(text)
    if m:
        return m[1]
    from rules.sections import parse_section

    sec = parse_section(text)
    return sec.number if sec is not None else text.strip() or "(blank)"


def _category(o: Outcome) -> str:
    if o is Outcome.DISMISS:
        return "dismiss"
    if o in _REDUCED:
        return "reduce"
    return ""


def _disagrees(choice: Choice, statute: Outcome) -> bool:
    return _category(statute) != choice.action


# -- Output files --------------------------------------------------------------------------------


class PartialFiles:
    """Files written under ``.NAME.partial`` (mode 600) in a folder, renamed when all are done;
    :meth:`discard` removes them (on error or on SIGTERM/SIGHUP, see ``rules.cli``)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.open_files: dict[str, IO[str]] = {}

    def open(self, name: str) -> IO[str]:
        path = os.path.join(self.folder, f".{name}.partial")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        f = os.fdopen(fd, "w", encoding="utf-8", newline="")
        self.open_files[name] = f
        return f

    def commit(self) -> None:
        for f in self.open_files.values():
            f.close()
        for name in self.open_files:
            os.replace(
                os.path.join(self.folder, f".{name}.partial"), os.path.join(self.folder, name)
            )
        self.open_files = {}

    def discard(self) -> None:
        for name, f in self.open_files.items():
            with contextlib.suppress(OSError):
                f.close()
            with contextlib.suppress(FileNotFoundError):
                os.remove(os.path.join(self.folder, f".{name}.partial"))
        self.open_files = {}


_ISO: dict[date, str] = {}


def _iso(d: date | None) -> str:
    if d is None:
        return ""
    text = _ISO.get(d)
    if text is None:
        text = d.isoformat()
        if len(_ISO) < 100_000:
            _ISO[d] = text
    return text


# -- DOJ input -----------------------------------------------------------------------------------


class _NotGrouped(Exception):
    """A person's rows are not all together in the file."""


class DojBatch:
    """A DOJ extract, read once to gather every person's record and decide their convictions;
    :meth:`rows` reads it again and gives every row with its facts and answers."""

    def __init__(
        self,
        open_input: Callable[[], IO[str]],
        *,
        county: str | None,
        as_of: date,
        policy: Policy,
        tally: Tally | None = None,
    ) -> None:
        self._open = open_input
        self.county = county
        self.as_of = as_of
        self.policy = policy
        self.tally_given = tally
        try:
            self._pass_one(grouped=True)
        except _NotGrouped:
            # A person's rows are not together: read again, holding every person until the end.
            self._pass_one(grouped=False)

    def _pass_one(self, *, grouped: bool) -> None:
        """Read the extract once, deciding each person's convictions when their record is
        complete: as soon as their last row is read when the file keeps a person's rows
        together (DOJ extracts are sorted by subject; memory then stays flat), at the end
        otherwise. What is kept per row: a 4-byte slot (which distinct decision it got), the
        facts read from it as CSV text (about 70 bytes), and where a record spans several
        lines, how many; so the second pass copies each row's raw text with its added columns
        and parses only the rows it must (malformed, formula cells, decided ones for the lists)."""
        layout, first_lines, rows = doj.open_counted(self._open)
        self.layout = layout
        self.malformed: dict[int, str] = {}
        self.repeat_of: dict[int, int] = {}
        self.problems: dict[int, tuple[str, ...]] = {}
        self.multiline: dict[int, int] = {} if first_lines == 1 else {1: first_lines}
        self.slots = array("I", [0, 0])  # by line: 0, or 1 + the decision's index
        self.facts_blob = bytearray()
        # by line: where its facts end in facts_blob (index 0, and the header's line, are 0)
        self.facts_end = array("I", [0] if layout.header is None else [0, 0])
        self.distinct: list[Decision] = []
        self._interned: dict[tuple[int, Choice, SentenceStatus | None], int] = {}
        self.notes = [(1, n) for n in layout.notes]
        county, policy, as_of = self.county, self.policy, self.as_of
        tally = self.tally = self.tally_given or Tally(county, policy, as_of, date.today())
        tally.reset()
        subjects: dict[str, doj.Subject] = {}
        done: set[str] = set()
        open_sid: str | None = None
        current = doj.Subject()
        last = 1
        width = layout.width
        slots, ends, blob = self.slots, self.facts_end, self.facts_blob
        in_county = self.in_county
        for line, lines, row in rows:
            last = line
            slots.append(0)
            if lines != 1:
                self.multiline[line] = lines
            if len(row) != width:
                why = layout.check(row)
                if why is not None:
                    self.malformed[line] = why
                    ends.append(len(blob))
                    continue
            ev = layout.event(row)
            sid = ev.subject
            if grouped:
                if sid != open_sid:
                    if open_sid is not None:
                        self._decide(open_sid, current, tally)
                        done.add(open_sid)
                    if sid in done:
                        raise _NotGrouped
                    open_sid, current = sid, doj.Subject()
                subject = current
            else:
                got = subjects.get(sid)
                if got is None:
                    got = subjects[sid] = doj.Subject()
                subject = got
            first = subject.add(line, ev)
            if not ev.convicted:
                event = f"not a conviction: {ev.kind or 'blank'}"
                if ev.disposition:
                    event += f"; {ev.disposition}"
            elif first is not None:
                self.repeat_of[line] = first
                event = f"same count as line {first}"
            else:
                if ev.problems:
                    self.problems[line] = ev.problems
                if in_county(ev.county):
                    event = "conviction"
                else:
                    event = f"conviction in another county ({ev.county or 'blank'})"
            blob += csv_text(
                [
                    sid,
                    event,
                    ev.section,
                    ev.level.value if ev.level else "",
                    _iso(ev.event_date),
                    _iso(ev.arrest_date),
                    _iso(ev.dob),
                    ev.county,
                    ev.case_number,
                ]
            ).encode()
            ends.append(len(blob))
        if grouped:
            if open_sid is not None:
                self._decide(open_sid, current, tally)
                done.add(open_sid)
            self.people = len(done)
        else:
            for sid, subject in subjects.items():
                self._decide(sid, subject, tally)
            self.people = len(subjects)
        del self._interned
        self.total_lines = last
        self.header_lines = 1 if layout.header is not None else 0
        tally.lines = self.total_lines - self.header_lines
        tally.bad_lines = self.bad_lines()

    def facts_text(self, line: int) -> str:
        """The first nine fact columns of a row, as CSV text."""
        return self.facts_blob[self.facts_end[line - 1] : self.facts_end[line]].decode()

    def decision(self, line: int) -> Decision | None:
        slot = self.slots[line] if line < len(self.slots) else 0
        return self.distinct[slot - 1] if slot else None

    def bad_lines(self) -> list[tuple[int, str]]:
        out = [*self.notes, *self.malformed.items()]
        out += [(n, Joined(p)) for n, p in self.problems.items()]
        return sorted(out)

    def in_county(self, county: str) -> bool:
        return self.county is None or county.upper() == self.county.upper()

    def _decide(self, sid: str, s: doj.Subject, tally: Tally) -> None:
        counts = list(s.counts.values()) if s.counts else []
        if not counts:
            tally.person(sid)
            tally.fold(sid)
            return
        person = Person(date_of_birth=s.dob)
        entries = [
            record_entry(Conviction(c.event.section, conviction_date=c.event.event_date))
            for c in counts
        ]
        prop64 = sum(1 for c in counts if PROP64_TEXT.search(c.event.section))
        dates = [c.event.event_date for c in counts if c.event.event_date is not None]
        who = PersonFacts(s.dob, len(counts), prop64, max(dates) if dates else None, s.deceased)
        for i, c in enumerate(counts):
            ev = c.event
            felony = ev.level is Level.FELONY
            if not self.in_county(ev.county):
                tally.conviction(sid, ev.section, felony, ev.event_date, None, False)
                continue
            status = c.sentence_status(self.as_of)
            bounds = [d for d in (ev.event_date, ev.arrest_date) if d is not None]
            conviction = Conviction(
                ev.section,
                ev.level,
                None,
                # The engine reads the conviction date of the row being decided only as the
                # latest day the offense can have been; the arrest date is a tighter one.
                min(bounds) if bounds else None,
                status,
                county=ev.county,
                case_number=ev.case_number,
                input_errors=ev.problems,
            )
            record = [e for j, e in enumerate(entries) if j != i and e is not None]
            result = evaluate_one(person, conviction, record, with_section=False)
            touched = touches(ev.section, ev.county, self.county)
            choice = (
                choose(self.policy, ev.section, felony, ev.event_date, who, self.as_of)
                if touched and self.policy.given
                else NOTHING
            )
            key = (id(result), choice, status)
            index = self._interned.get(key)
            if index is None:
                d = Decision(result, answer(result.outcome, choice), status, status is not None)
                self.distinct.append(d)
                index = len(self.distinct)
                if not result.errors:  # (the decision keeps the result, so its id stays its own)
                    self._interned[key] = index
            else:
                d = self.distinct[index - 1]
            self.slots[c.line] = index
            tally.conviction(sid, ev.section, felony, ev.event_date, d, touched)
        tally.fold(sid)

    @property
    def header(self) -> list[str]:
        h = self.layout.header
        return list(h[: self.layout.width]) if h is not None else list(doj.COLUMNS)

    def records(self) -> Iterator[tuple[int, str, Decision | None]]:
        """(line, raw text, decision) of every data row, read again without parsing."""
        multiline = self.multiline
        with self._open() as f:
            it = iter(f)
            start = 1
            if self.layout.header is not None:
                for _ in range(multiline.get(1, 1)):
                    next(it, "")
                start = 2
            decision = self.decision
            for n, raw in enumerate(it, start=start):
                k = multiline.get(n)
                if k is not None:
                    raw += "".join(next(it, "") for _ in range(k - 1))
                yield n, raw, decision(n)

    def cells(self, raw: str) -> list[str]:
        """The cells of one record's raw text (restored), padded or cut to the header."""
        row = restore(next(csv.reader([raw]), []))
        width = self.layout.width
        return row[:width] + [""] * (width - len(row))

    def facts(self, line: int, d: Decision | None) -> list[str]:
        """The eleven fact columns of a row."""
        text = self.facts_text(line)
        first = restore(next(csv.reader([text]), [])) if text else [""] * 9
        status = d.status.value if d is not None and d.status is not None else ""
        return [*first, status, "derived" if d is not None and d.status_derived else ""]

    def malformed_error(self, line: int, raw: str) -> str:
        why = self.malformed[line]
        row = next(csv.reader([raw]), [])
        if len(row) > self.layout.width:
            why += ": extra values " + ", ".join(repr(v) for v in row[self.layout.width :])
        return why


_EOL = "\r\n"


# -- Contract CSV input ------------------------------------------------------------------------


# -- The command ---------------------------------------------------------------------------------


def is_doj_input(open_input: Callable[[], IO[str]]) -> bool:
    with open_input() as f:
        try:
            first = next(csv.reader(f), [])
        except csv.Error:
            return False
    return doj.looks_like_doj(first)


@dataclass
class CountyRun:
    summary: dict[str, object]
    bad_lines: list[tuple[int, str]]
    people: int
    lines: int


def _writer(f: IO[str]) -> SafeWriter:
    return SafeWriter(csv.writer(f))


def run_county(
    open_input: Callable[[], IO[str]],
    out_dir: str,
    *,
    county: str,
    policy: Policy,
    as_of: date,
    source: str,
    input_format: str = "auto",
) -> CountyRun:
    """Write every file of :data:`FILES` into ``out_dir`` (see the module doc)."""
    is_doj = input_format == "doj" or (input_format == "auto" and is_doj_input(open_input))
    files = PartialFiles(out_dir)
    try:
        outs = {name: files.open(name) for name in FILES if name.endswith(".csv")}
        w = {name: _writer(f) for name, f in outs.items()}
        tally = Tally(county, policy, as_of, date.today())
        disagreements: list[list[str]] = []
        if is_doj:
            run = _county_doj(
                open_input, outs["results.csv"], w, tally, county, policy, as_of, disagreements
            )
        else:
            run = _county_contract(open_input, w, tally, county, policy, as_of, disagreements)
        summary = tally.summary()
        summary["input"] = {"file": source, "format": "doj" if is_doj else "contract"}
        with files.open("summary.json") as f:
            json.dump(summary, f, indent=2, ensure_ascii=False)
            f.write("\n")
        from rules.report import render_report

        with files.open("report.html") as f:
            f.write(render_report(summary, disagreements[:500], run.bad_lines[:500]))
        files.commit()
    except BaseException:
        files.discard()
        raise
    run.summary = summary
    return run


def _list_row(
    line: int,
    pid: str,
    name: str,
    facts: dict[str, str],
    r: Result,
    p: PolicyAnswer,
) -> list[str]:
    return [
        str(line),
        pid,
        name,
        facts.get("date_of_birth", ""),
        facts.get("county", ""),
        facts.get("case_number", ""),
        facts.get("code_section", ""),
        facts.get("level", ""),
        facts.get("conviction_date", ""),
        facts.get("arrest_date", ""),
        facts.get("sentence_status", ""),
        r.outcome.value,
        ";".join(r.reason_codes),
        p.outcome.value,
        "; ".join(p.reasons),
    ]


def _why(r: Result) -> str:
    return " | ".join(f"{x.code}: {x.message} ({x.citation})" for x in r.reasons)


def _route(
    w: dict[str, SafeWriter],
    line: int,
    pid: str,
    name: str,
    facts: dict[str, str],
    d: Decision,
    full_row: list[str],
    cannabis: bool,
    touched: bool,
    disagreements: list[list[str]],
) -> None:
    r, p = d.result, d.policy
    lr = _list_row(line, pid, name, facts, r, p)
    w["condensed.csv"].writerow(lr)
    if cannabis:
        w["cannabis.csv"].writerow(full_row)
    o = p.outcome
    if o is Outcome.DISMISS:
        w["dismiss.csv"].writerow(lr)
    elif o in _REDUCED:
        w["reduce.csv"].writerow(lr)
    elif o is Outcome.NEEDS_REVIEW:
        w["review.csv"].writerow(lr)
    if touched and _disagrees(p.choice, r.outcome):
        row = [
            str(line),
            pid,
            facts.get("case_number", ""),
            facts.get("code_section", ""),
            facts.get("level", ""),
            facts.get("conviction_date", ""),
            p.choice.action or "none",
            p.choice.label,
            r.outcome.value,
            _why(r),
        ]
        w["disagreements.csv"].writerow(row)
        if len(disagreements) < 500:
            disagreements.append(row)


def _headers(w: dict[str, SafeWriter], full_header: list[str]) -> None:
    w["results.csv"].writerow(full_header)
    w["cannabis.csv"].writerow(full_header)
    for name in ("condensed.csv", "dismiss.csv", "reduce.csv", "review.csv"):
        w[name].writerow(LIST_COLUMNS)
    w["disagreements.csv"].writerow(DISAGREEMENT_COLUMNS)


_ERRORS = 2 + OUTPUT_COLUMNS.index("errors")  # in the added columns: status, derived, statute…


def _with_error(blank: list[str], error: str) -> list[str]:
    """The added columns of a row that is not decided, with ``error`` in ``errors``."""
    out = list(blank)
    out[_ERRORS] = error
    return out


def _policy_columns(p: PolicyAnswer) -> list[str]:
    return [p.outcome.value, "; ".join(p.reasons)]


def _county_doj(
    open_input: Callable[[], IO[str]],
    results_stream: IO[str],
    w: dict[str, SafeWriter],
    tally: Tally,
    county: str,
    policy: Policy,
    as_of: date,
    disagreements: list[list[str]],
) -> CountyRun:
    batch = DojBatch(open_input, county=county, as_of=as_of, policy=policy, tally=tally)
    _headers(w, [*batch.header, *doj.FACT_COLUMNS, *OUTPUT_COLUMNS, *POLICY_COLUMNS])
    n_added = 2 + len(OUTPUT_COLUMNS) + len(POLICY_COLUMNS)
    blank = [""] * n_added
    blank_text = csv_text(blank)
    added_of: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    results = w["results.csv"]
    write = results_stream.write
    i_name = batch.layout.index.get("PRI_NAME")
    for line, raw, d in batch.records():
        if line in batch.malformed:
            bad = _with_error(blank, batch.malformed_error(line, raw))
            results.writerow([*batch.cells(raw), *batch.facts(line, None), *bad[2:]])
            continue
        if d is None:
            problems = batch.problems.get(line)
            if problems:
                text = csv_text(_with_error(blank, "; ".join(problems)))
            else:
                text = blank_text
            if copy_safe(raw):
                write(f"{raw.rstrip(_EOL)},{batch.facts_text(line)},{text}\r\n")
            else:
                rest = restore(next(csv.reader([text])))
                results.writerow([*batch.cells(raw), *batch.facts(line, None)[:9], *rest])
            continue
        r = d.result
        known = added_of.get(id(d))
        if known is not None and not r.errors:
            added = known
        else:
            added = [
                d.status.value if d.status else "",
                "derived" if d.status_derived else "",
                *result_columns(r),
                *_policy_columns(d.policy),
            ]
            if not r.errors:
                added_of[id(d)] = added
                texts[id(d)] = csv_text(added)
        text = texts[id(d)] if not r.errors else csv_text(added)
        cells = batch.cells(raw)
        facts = batch.facts(line, d)
        full = [*cells, *facts, *added[2:]]
        if copy_safe(raw):
            write(f"{raw.rstrip(_EOL)},{batch.facts_text(line)},{text}\r\n")
        else:
            results.writerow(full)
        named = dict(zip(doj.FACT_COLUMNS, facts, strict=True))
        touched = touches(named["code_section"], named["county"], county)
        cannabis = touched or r.outcome is not Outcome.NOT_APPLICABLE
        name = cells[i_name].strip() if i_name is not None else ""
        _route(w, line, facts[0], name, named, d, full, cannabis, touched, disagreements)
    return CountyRun({}, batch.bad_lines(), batch.people, batch.total_lines - batch.header_lines)


def _county_contract(
    open_input: Callable[[], IO[str]],
    w: dict[str, SafeWriter],
    tally: Tally,
    county: str,
    policy: Policy,
    as_of: date,
    disagreements: list[list[str]],
) -> CountyRun:
    evaluation = Evaluation(open_input, county_facts=True)
    h = evaluation.header
    _headers(w, [*h.names, *OUTPUT_COLUMNS, *POLICY_COLUMNS])
    bad: list[tuple[int, str]] = []
    results = w["results.csv"]
    blank = [""] * (len(OUTPUT_COLUMNS) + len(POLICY_COLUMNS))
    for ev in evaluation:
        c, r = ev.conviction, ev.result
        row_county = (c.county or "").strip()
        in_county = not row_county or row_county.upper() == county.upper()
        felony = c.level is Level.FELONY
        if r.errors:
            bad.append((ev.line, Joined(r.errors)))
        if not in_county:
            results.writerow([*ev.cells, *blank])
            tally.conviction(ev.person_id, c.code_section, felony, c.conviction_date, None, False)
            if ev.last:  # the person's record is complete: count them and forget them
                tally.fold(ev.person_id)
            continue
        touched = PROP64_TEXT.search(c.code_section) is not None
        who = evaluation.person_facts(ev.person_id) or PersonFacts(
            None, 1, int(touched), None, False
        )
        choice = (
            choose(policy, c.code_section, felony, c.conviction_date, who, as_of)
            if touched and policy.given
            else NOTHING
        )
        d = Decision(r, answer(r.outcome, choice), c.sentence_status, False)
        full = [*ev.cells, *result_columns(r), *_policy_columns(d.policy)]
        results.writerow(full)
        tally.conviction(ev.person_id, c.code_section, felony, c.conviction_date, d, touched)
        if ev.last:
            tally.fold(ev.person_id)
        facts = {
            "date_of_birth": _iso(who.dob),
            "county": row_county,
            "case_number": c.case_number or "",
            "code_section": c.code_section,
            "level": c.level.value if c.level else "",
            "conviction_date": _iso(c.conviction_date),
            "arrest_date": h.get(ev.cells, "arrest_date"),
            "sentence_status": c.sentence_status.value if c.sentence_status else "",
        }
        cannabis = touched or r.outcome is not Outcome.NOT_APPLICABLE
        name = h.get(ev.cells, "name")
        _route(w, ev.line, ev.person_id, name, facts, d, full, cannabis, touched, disagreements)
    tally.lines = evaluation.total
    tally.bad_lines = bad
    return CountyRun({}, bad, evaluation.people, evaluation.total)


# -- ``prop64 evaluate --format doj`` --------------------------------------------------------------


@dataclass
class DojSummary:
    rows: int = 0
    people: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0


def evaluate_doj(
    open_input: Callable[[], IO[str]],
    output: IO[str],
    *,
    county: str | None,
    as_of: date,
) -> DojSummary:
    """Every row of a DOJ extract, with the facts read and the statute's columns (no policy)."""
    batch = DojBatch(open_input, county=county, as_of=as_of, policy=Policy())
    writer = SafeWriter(csv.writer(output))
    writer.writerow([*batch.header, *doj.FACT_COLUMNS, *OUTPUT_COLUMNS])
    summary = DojSummary(people=batch.people, bad_rows=batch.bad_lines())
    n_added = 2 + len(OUTPUT_COLUMNS)
    blank = [""] * n_added
    blank_text = csv_text(blank)
    texts: dict[int, str] = {}
    n = 0
    write = output.write
    for line, raw, d in batch.records():
        n += 1
        if line in batch.malformed:
            added = _with_error(blank, batch.malformed_error(line, raw))
            writer.writerow([*batch.cells(raw), *batch.facts(line, None), *added[2:]])
            continue
        if d is None:
            problems = batch.problems.get(line)
            added = _with_error(blank, "; ".join(problems)) if problems else blank
            text = csv_text(added) if problems else blank_text
        else:
            r = d.result
            summary.outcomes[r.outcome.value] += 1
            got = texts.get(id(d))
            if got is None or r.errors:
                added = [
                    d.status.value if d.status else "",
                    "derived" if d.status_derived else "",
                    *result_columns(r),
                ]
                got = csv_text(added)
                if not r.errors:
                    texts[id(d)] = got
            text = got
        if copy_safe(raw):
            write(f"{raw.rstrip(_EOL)},{batch.facts_text(line)},{text}\r\n")
        else:
            facts = batch.facts(line, d)
            rest = next(csv.reader([text]))
            writer.writerow([*batch.cells(raw), *facts[:9], *restore(rest)])
    summary.rows = n
    return summary


def read_as_of(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ContractError(f"--as-of: not a date: {text!r} (use YYYY-MM-DD)") from None


__all__ = ["FILES", "DojBatch", "evaluate_doj", "io", "run_county"]
