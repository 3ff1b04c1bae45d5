"""`participation.*` permissions, each wrapping one policy action (kooperacja.core.policy)."""

from __future__ import annotations

from kooperacja.core.policy import register_rules

from .policies import CANDIDATE, COMMENT, PLEBISCITE, PROCESS, PROPOSAL

register_rules(
    "participation",
    PROCESS,
    {
        "view_process": "view",
        "manage_process": "manage",
        "moderate_process": "moderate",
        "comment_process": "comment",
        "propose_process": "propose",
        "survey_process": "survey",
        "attend_process": "attend",
        "vote_process": "vote",
    },
)
register_rules("participation", COMMENT, {"view_comment": "view", "moderate_comment": "moderate"})
register_rules("participation", PROPOSAL, {"view_proposal": "view", "answer_proposal": "answer"})
register_rules(
    "participation",
    PLEBISCITE,
    {
        "view_plebiscite": "view",
        "manage_plebiscite": "manage",
        "coordinate_plebiscite": "coordinate",
        "see_results": "results",
    },
)
register_rules("participation", CANDIDATE, {"view_candidate": "view", "manage_candidate": "manage"})
