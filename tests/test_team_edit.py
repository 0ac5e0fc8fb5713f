"""Editing and removing team members before signing (issue 14): audited, refused once
the engagement is in review or signed, and never for a member whose certificate signed."""

from __future__ import annotations

import json

import pytest

from desktop import signoff
from desktop.errors import MessageError, ReadOnlyError
from desktop.signing import sign, withdraw_lead
from tests.test_signing import LEAD, ready_engagement


def _audit(eng, action):
    return eng.conn.execute(
        "SELECT actor, entity_key, old, new FROM audit WHERE entity = 'team_member' "
        "AND action = ? ORDER BY id", (action,)
    ).fetchall()


def _by_role(eng, role):
    return next(m for m in signoff.team(eng.conn) if m.role == role)


def test_update_member_is_audited_and_leaves_unset_fields(tmp_path, examples):
    eng, _results = ready_engagement(tmp_path / "e.veridesk", examples)
    m = signoff.add_member(eng, "Chen Yu-Ting", "verifier", organisation="Old Co",
                           actor="Lin Mei-Hua")
    assert m.impartiality_declared_at is None
    m2 = signoff.update_member(eng, m.id, organisation="  New Co ", declare_impartial=True,
                               actor="Lin Mei-Hua")
    assert m2.organisation == "New Co" and m2.impartiality_declared_at
    (actor, key, old, new), = _audit(eng, "update")
    assert actor == "Lin Mei-Hua" and key == "Chen Yu-Ting (verifier)"
    assert json.loads(old)["organisation"] == "Old Co"
    assert json.loads(new)["organisation"] == "New Co"
    # None leaves everything as it is, and a no-op writes no audit row
    assert signoff.update_member(eng, m.id, actor="Lin Mei-Hua") == m2
    assert signoff.update_member(eng, m.id, declare_impartial=True, actor="X") == m2
    assert len(_audit(eng, "update")) == 1
    # an empty organisation clears it; False withdraws the declaration
    m3 = signoff.update_member(eng, m.id, organisation="", declare_impartial=False,
                               actor="Lin Mei-Hua")
    assert m3.organisation is None and m3.impartiality_declared_at is None
    with pytest.raises(MessageError, match="no team member #999"):
        signoff.update_member(eng, 999, organisation="x")
    eng.close()


def test_remove_member_is_audited(tmp_path, examples):
    eng, _results = ready_engagement(tmp_path / "e.veridesk", examples)
    m = signoff.add_member(eng, "Chen Yu-Ting", "technical-expert", actor="Lin Mei-Hua")
    gone = signoff.remove_member(eng, m.id, actor="Lin Mei-Hua")
    assert gone.name == "Chen Yu-Ting"
    assert all(x.id != m.id for x in signoff.team(eng.conn))
    (_actor, key, old, new), = _audit(eng, "remove")
    assert key == "Chen Yu-Ting (technical-expert)" and new is None
    assert json.loads(old)["role"] == "technical-expert"
    with pytest.raises(MessageError, match="no team member"):
        signoff.remove_member(eng, m.id)
    eng.close()


def test_refused_in_review_and_for_a_member_who_signed(tmp_path, examples):
    eng, results = ready_engagement(tmp_path / "e.veridesk", examples)
    extra = signoff.add_member(eng, "Chen Yu-Ting", "verifier", actor="Lin Mei-Hua")
    sign(eng, LEAD, "lead", "approved opinion", declare_impartial=True, results=results)
    lead = _by_role(eng, "lead")
    assert lead.cert_sha256  # bound when signing
    with pytest.raises(ReadOnlyError):
        signoff.remove_member(eng, extra.id)
    with pytest.raises(ReadOnlyError):
        signoff.update_member(eng, extra.id, organisation="x")
    before = eng.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    withdraw_lead(eng, "the reviewer asked for the meter records", actor="Wang Da-Wei")
    # back in draft: the lead signed with the bound certificate, so stays on the team
    with pytest.raises(MessageError, match="has signed"):
        signoff.remove_member(eng, lead.id)
    assert _by_role(eng, "lead").id == lead.id
    # others can still be edited and removed
    signoff.update_member(eng, lead.id, organisation="Verifier Ltd", actor="Lin Mei-Hua")
    signoff.remove_member(eng, extra.id, actor="Lin Mei-Hua")
    after = eng.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    assert after == before + 3  # withdraw, update, remove
    eng.close()
