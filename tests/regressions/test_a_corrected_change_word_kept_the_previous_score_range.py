"""A corrected change word (`--corrections`, field `change`) left the computed range of previous
scores as the printed change words gave it: only a corrected rating recomputed the scores, so
`previous_score_infeasible` was checked against the uncorrected change words (issue 30, found
reading its change over)."""
from __future__ import annotations

from annexparse.corrections import Correction, apply_corrections
from helpers import extracted


def test_a_corrected_change_word_moves_the_previous_scores_it_allows():
    annex = extracted("cambodia-2022")
    strong = next(i for i in annex.indicators if i.rating == "Strong" and i.change == "Unchanged")
    fix = Correction(country="Cambodia", year=2022, indicator=strong.key, field="change", value="Increase", reason="corrigendum")
    before = annex.scores.computed
    after = apply_corrections([annex], [fix]).annexes[0].scores.computed
    assert (after.previous_min, after.previous_max) != (before.previous_min, before.previous_max)
    assert after.current == before.current
