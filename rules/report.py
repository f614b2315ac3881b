"""``report.html`` of ``prop64 county``: one self-contained page an office reads at a glance.

No script, no web font, no image file, no network: styles are in the page, charts are inline SVG
bar charts with the same figures in a table beside each (screen readers and printers read the
table). Built from ``summary.json``'s figures, so the page and the file never disagree.
Escaped with :func:`html.escape` everywhere: names and sections come from the input.
"""

from __future__ import annotations

from html import escape

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b;
  max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.75rem; margin-bottom: .25rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid #1b1b1b; }
.lede { color: #3d3d3d; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; }
.card { border: 1px solid #757575; border-radius: 6px; padding: .75rem 1rem; }
.card .n { font-size: 2rem; font-weight: 700; display: block; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0 1.25rem; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .35rem; }
th, td { border: 1px solid #9a9a9a; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eeeeee; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { margin: .5rem 0 0; }
.chart text { font: 13px system-ui, sans-serif; fill: #1b1b1b; }
.note { background: #f4f4f4; border-left: 4px solid #005ea2; padding: .5rem 1rem; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; }
@media (max-width: 48rem) { .two { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  h2 { break-after: avoid; }
  table, figure { break-inside: avoid; }
  .two { grid-template-columns: 1fr 1fr; }
}
"""

_COLORS = {
    "dismiss": "#00703c",
    "reduce_to_infraction": "#005ea2",
    "reduce_to_misdemeanor": "#1a4480",
    "needs_review": "#8a5300",
    "not_eligible": "#b50909",
    "not_applicable": "#565c65",
}


def _num(n: object) -> str:
    return f"{n:,}" if isinstance(n, int) else escape(str(n))


def _bars(title: str, items: list[tuple[str, int]], ident: str) -> str:
    """A horizontal bar chart (SVG) described by the table that follows it."""
    if not items:
        return ""
    width, bar_h, label_w = 640, 26, 230
    top = max(n for _, n in items) or 1
    h = bar_h * len(items) + 10
    parts = [
        f'<svg class="chart" role="img" aria-labelledby="{ident}-t" viewBox="0 0 {width} {h}"'
        f' width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{ident}-t">{escape(title)} (the same figures are in the table below)</title>',
    ]
    for i, (label, n) in enumerate(items):
        y = 5 + i * bar_h
        w = int((width - label_w - 70) * n / top)
        color = _COLORS.get(label, "#005ea2")
        parts.append(
            f'<text x="0" y="{y + 17}">{escape(label[:32])}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{max(w, 1)}" height="{bar_h - 8}"'
            f' fill="{color}"></rect>'
            f'<text x="{label_w + w + 6}" y="{y + 17}">{n:,}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _table(caption: str, head: tuple[str, ...], rows: list[list[object]]) -> str:
    out = [f"<table><caption>{escape(caption)}</caption><thead><tr>"]
    for i, h in enumerate(head):
        cls = ' class="num"' if i and rows and isinstance(rows[0][i], int) else ""
        out.append(f'<th scope="col"{cls}>{escape(h)}</th>')
    out.append("</tr></thead><tbody>")
    if not rows:
        out.append(f'<tr><td colspan="{len(head)}">None.</td></tr>')
    for row in rows:
        out.append("<tr>")
        for i, v in enumerate(row):
            if i == 0:
                out.append(f'<th scope="row">{_num(v)}</th>')
            else:
                cls = ' class="num"' if isinstance(v, int) else ""
                out.append(f"<td{cls}>{_num(v)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _chart_and_table(title: str, ident: str, counts: dict[str, int], head: str) -> str:
    items = sorted(((str(k), int(v)) for k, v in counts.items()), key=lambda kv: -kv[1])
    rows: list[list[object]] = [[k, v] for k, v in items]
    return (
        f'<figure aria-label="{escape(title)}" style="margin:0">'
        + _bars(title, items, ident)
        + _table(title, (head, "Convictions"), rows)
        + "</figure>"
    )


_RELIEF_NAMES = {
    "CountSubjectsNoFelony": "People left with no felony",
    "CountSubjectsNoConviction": "People left with no conviction",
    "CountSubjectsNoConvictionLast7Years": "People left with no conviction in the last 7 years",
}


def render_report(
    summary: dict[str, object],
    disagreements: list[list[str]],
    problems: list[tuple[int, str]],
) -> str:
    s = summary
    gogen = s["gogen"]
    statute = s["statute"]
    office = s["policy_with_statute_floor"]
    policy = s["policy"]
    assert isinstance(gogen, dict) and isinstance(statute, dict) and isinstance(office, dict)
    assert isinstance(policy, dict)
    county = escape(str(s.get("county") or "all counties"))
    as_of = escape(str(s["as_of"]))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Prop 64 county report: {county}, as of {as_of}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        f"<h1>Proposition 64 relief: {county}</h1>",
        f'<p class="lede">Computed as of {as_of} under HSC § 11361.8 (the statute) and the'
        f" county policy “{escape(str(policy['name']))}”. Input: "
        f"{escape(_input_file(s))}"
        f" — {_num(s['lines'])} lines, {_num(s['people'])} people,"
        f" {_num(s['convictions_decided'])} convictions in the county decided,"
        f" {_num(s['lines_with_problems'])} lines with problems.</p>",
        '<div class="note"><p>The <strong>statute</strong> column is the law’s floor: what'
        " § 11361.8 gives. The <strong>office</strong> column is the county policy, never below"
        " that floor. A policy may add relief; it cannot take away what the statute grants.</p>"
        "</div>",
    ]
    # Headline cards: people left with no felony / conviction.
    relief_office = office["relief_counted_from_as_of"]
    relief_statute = statute["relief_counted_from_as_of"]
    assert isinstance(relief_office, dict) and isinstance(relief_statute, dict)
    parts.append('<h2 id="people">People helped</h2><div class="cards">')
    for key, label in _RELIEF_NAMES.items():
        parts.append(
            f'<div class="card"><span class="n">{_num(relief_office[key])}</span>{escape(label)}'
            f" under the office’s answer ({_num(relief_statute[key])} under the statute alone)"
            "</div>"
        )
    parts.append("</div>")
    rows: list[list[object]] = []
    g_cur, g_all = gogen["reliefWithCurrentEligibilityChoices"], gogen["reliefWithDismissAllProp64"]
    assert isinstance(g_cur, dict) and isinstance(g_all, dict)
    for key, label in _RELIEF_NAMES.items():
        rows.append([label, relief_statute[key], relief_office[key], g_cur[key], g_all[key]])
    parts.append(
        _table(
            "People left with no felony or no conviction, by way of counting",
            (
                "Figure",
                "Statute",
                "Office (policy, statute floor)",
                "Policy alone (gogen)",
                "Dismiss all Prop 64 (gogen)",
            ),
            rows,
        )
    )
    parts.append(
        "<p>gogen’s columns are computed its way: the policy alone, and “last 7 years” counted"
        " back from the day of the run. The statute and office columns count back from the"
        " as-of date.</p>"
    )
    # Convictions by outcome.
    parts.append('<h2 id="outcomes">Convictions by outcome</h2><div class="two"><div>')
    so = statute["convictions_by_outcome"]
    po = office["convictions_by_outcome"]
    assert isinstance(so, dict) and isinstance(po, dict)
    parts.append(_chart_and_table("Statute: convictions by outcome", "c1", so, "Outcome"))
    parts.append("</div><div>")
    parts.append(_chart_and_table("Office: convictions by outcome", "c2", po, "Outcome"))
    parts.append("</div></div>")
    # Sections.
    by_sec = statute["convictions_by_section_and_outcome"]
    assert isinstance(by_sec, dict)
    outcomes = sorted({o for v in by_sec.values() for o in v})
    parts.append('<h2 id="sections">By code section</h2>')
    parts.append(
        _table(
            "Statute: convictions by section and outcome",
            ("Section", *outcomes),
            [[sec, *(int(v.get(o, 0)) for o in outcomes)] for sec, v in by_sec.items()],
        )
    )
    g_rows: list[list[object]] = [
        [
            "Cannabis convictions in the county by section",
            _fmt_map(gogen["prop64ConvictionsCountInCountyByCodeSection"]),
        ],
        ["Felony cannabis convictions", gogen["prop64FelonyConvictionsCountInCounty"]],
        [
            "Misdemeanor or infraction cannabis convictions",
            gogen["prop64NonFelonyConvictionsCountInCounty"],
        ],
        [
            "People with a cannabis conviction in the county",
            gogen["subjectsWithProp64ConvictionCountInCounty"],
        ],
        ["People with some relief (policy alone)", gogen["subjectsWithSomeReliefCount"]],
        [
            "Dismissals by section (policy)",
            _fmt_map(gogen["convictionDismissalCountByCodeSection"]),
        ],
        [
            "Reductions by section (policy)",
            _fmt_map(gogen["convictionReductionCountByCodeSection"]),
        ],
        [
            "Dismissals by extra-relief option",
            _fmt_map(gogen["convictionDismissalCountByAdditionalRelief"]),
        ],
        ["Earliest cannabis conviction", str(gogen["earliestConviction"] or "none")[:10]],
    ]
    parts.append(_table("gogen’s figures for the same file", ("Figure", "Value"), g_rows))
    # Reasons.
    reasons = statute["convictions_by_reason"]
    assert isinstance(reasons, dict)
    parts.append('<h2 id="reasons">Why: the statute’s reasons</h2>')
    parts.append(
        _chart_and_table("Statute: convictions by reason code", "c3", reasons, "Reason code")
    )
    # Policy.
    parts.append('<h2 id="policy">The county policy</h2>')
    options = policy["options"]
    assert isinstance(options, dict)
    parts.append(
        _table("Policy options", ("Option", "Setting"), [[k, v] for k, v in options.items()])
    )
    raised = office["raised_to_statute_floor_by_option"]
    assert isinstance(raised, dict)
    parts.append(
        _table(
            "Where a policy option would have given less than the statute (raised to the floor)",
            ("Policy option", "Convictions"),
            [[k, v] for k, v in raised.items()],
        )
    )
    # Disagreements.
    parts.append('<h2 id="disagreements">Where the statute and the policy alone disagree</h2>')
    groups = s["disagreements_policy_alone_vs_statute"]
    assert isinstance(groups, list)
    parts.append(
        _table(
            "Disagreements by kind",
            ("Policy alone", "Statute", "First reason", "Convictions"),
            [
                [g["policy_alone"], g["statute"], g["first_reason"], g["convictions"]]
                for g in groups
            ],
        )
    )
    parts.append(
        _table(
            f"The rows (first {len(disagreements)}; all are in disagreements.csv)",
            (
                "Line",
                "Person",
                "Case",
                "Section",
                "Level",
                "Convicted",
                "Policy alone",
                "Policy reason",
                "Statute",
                "Why",
            ),
            [[int(r[0]), *r[1:]] for r in disagreements],
        )
    )
    parts.append('<h2 id="problems">Lines with problems</h2>')
    parts.append(
        _table(
            f"Lines the run reported (first {len(problems)})",
            ("Line", "Problem"),
            [[n, p] for n, p in problems],
        )
    )
    parts.append("</main></body></html>\n")
    return "".join(parts)


def _fmt_map(m: object) -> str:
    if not isinstance(m, dict) or not m:
        return "none"
    return ", ".join(f"{k}: {v:,}" if isinstance(v, int) else f"{k}: {v}" for k, v in m.items())


def _input_file(s: dict[str, object]) -> str:
    info = s.get("input")
    return str(info.get("file", "")) if isinstance(info, dict) else ""
