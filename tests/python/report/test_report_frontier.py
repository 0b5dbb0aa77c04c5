"""The Varde 2013 report's chapter on efficiency and expected results (issue 15)."""
from __future__ import annotations

import jobbench
from jobbench.report.render import render_html

DATA = jobbench.datasets.benchmark2013()


def test_varde_report_has_efficiency_and_expected_sections(tmp_path):
    data = jobbench.report.build(DATA, "Varde", tmp_path, uncertainty=None)
    assert [s.id for s in data.frontier] == ["effektivitet", "hvad-hvis", "forventet"]
    assert data.frontier_number == "5" and [s.number for s in data.frontier] == ["5.1", "5.2", "5.3"]
    eff, what_if, exp = data.frontier
    assert [t.id for t in what_if.tables] == ["5.2"] and what_if.charts == []
    text = " ".join(eff.paragraphs)
    assert "DEA" in text and "På fronten ligger" in text and "95 %-interval" in text
    assert "selvforsørgende" in text
    # 15 units are too few to choose m: the smoothed bootstrap, named, with its caveat
    assert "udglattet bootstrap (Simar og Wilson 1998, 1.000 gentagelser)" in text and "for snævre" in text
    assert len(eff.sources) == 15 and eff.sources_heading.startswith("Effektivitet pr. kommune")
    assert "Varde Kommunes jobrate er" in " ".join(exp.paragraphs)
    assert "mest lignende rammevilkår" in " ".join(exp.paragraphs)
    names = [c.name for s in data.frontier for c in s.charts]
    assert names == ["front", "forventet"]
    for s in data.frontier:
        for c in s.charts:
            assert c.alt and c.caption and c.png.is_file() and 'role="img"' in c.inline_svg
            assert c in data.charts
    html = render_html(data)
    assert 'id="effektivitet"' in html and 'id="hvad-hvis"' in html and 'id="forventet"' in html
    assert "5. Effektivitet og forventede resultater" in html


def test_english_and_switched_off(tmp_path):
    data = jobbench.report.build(DATA, "Varde", tmp_path, language="en", uncertainty=None, charts=False)
    assert data.frontier[0].heading == "Efficiency: who is on the frontier?"
    assert "smoothed bootstrap (Simar and Wilson 1998, 1,000 draws)" in " ".join(data.frontier[0].paragraphs)
    assert data.frontier[1].heading == "What if: how many FTE would be needed?"
    assert "Varde Municipality's job rate is" in " ".join(data.frontier[2].paragraphs)
    off = jobbench.report.build(DATA, "Varde", tmp_path, efficiency=False, uncertainty=None, charts=False)
    assert off.frontier == []


def test_results_without_framework_get_no_expected_section(tmp_path):
    results = DATA.benchmark().fit()
    data = jobbench.report.build(results, "Varde", tmp_path, uncertainty=None, charts=False)
    assert [s.id for s in data.frontier] == ["effektivitet", "hvad-hvis"]
