"""360° feedback: campaigns, invitations, ratings, comments and action plans."""

from assessments.models.action_plans import (
    ActionPlan,
    ActionPlanComment,
    FocusItem,
    Goal,
    Review,
    ReviewCadence,
    ReviewReminder,
)
from assessments.models.campaigns import (
    Campaign,
    CampaignEvent,
    Invitation,
    InvitationStatusChange,
    ReminderLog,
    default_scale_labels,
)
from assessments.models.figures import StoredFigures
from assessments.models.nominations import NominationSubmission
from assessments.models.pdfs import ReportBatch, ReportPdf
from assessments.models.responses import Comment, CommentRevision, Rating, RatingRevision

__all__ = [
    "ActionPlan",
    "ActionPlanComment",
    "Campaign",
    "CampaignEvent",
    "Comment",
    "FocusItem",
    "CommentRevision",
    "Goal",
    "Invitation",
    "InvitationStatusChange",
    "NominationSubmission",
    "Rating",
    "RatingRevision",
    "ReminderLog",
    "ReportBatch",
    "ReportPdf",
    "Review",
    "ReviewCadence",
    "ReviewReminder",
    "StoredFigures",
    "default_scale_labels",
]
