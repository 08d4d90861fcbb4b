"""Which late answers a campaign's stored figures keep leaving out (DESIGN.md §4 rule 10).

Once figures are stored, a submitted invitation they do not count yet
(`Invitation.in_stored_figures` False) is held back while fewer than `RESCORE_AT` such raters
have joined the same subject's non-exempt group (CCL's rescore rule). Read by the figures'
store and by every figure computed against an earlier campaign (the report's change).
"""

from collections import Counter

from assessments.models import Campaign, Invitation
from assessments.selectors.scores import NON_EXEMPT

# Raters who must have joined a non-exempt group since the figures were stored before they count.
RESCORE_AT = 2


def held_back(*, campaign: Campaign) -> set[int]:
    """The submitted invitations the stored figures must keep leaving out (the rescore rule)."""
    if not campaign.figures_status:
        return set()
    pending = list(
        Invitation.objects.filter(
            campaign_id=campaign.pk, status=Invitation.Status.SUBMITTED, in_stored_figures=False
        ).values_list("pk", "subject_id", "group")
    )
    joined = Counter((subject, group) for _, subject, group in pending)
    return {
        pk
        for pk, subject, group in pending
        if group in NON_EXEMPT and joined[subject, group] < RESCORE_AT
    }
