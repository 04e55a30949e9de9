"""People and what they tell us: users, profiles and access needs, availability and
commitments, guardian consent, and equality monitoring."""

from members.models.availability import (
    COMMITMENT_FIELDS,
    Availability,
    AvailabilityChange,
    Commitment,
    StepAway,
)
from members.models.monitoring import MonitoringQuestion, MonitoringResponse
from members.models.profiles import PROFILE_FIELDS, AccessNeeds, Channel, Profile
from members.models.safeguarding import GuardianConsent
from members.models.users import UNDER_18_BANDS, AgeBand, User, UserManager

__all__ = [
    "COMMITMENT_FIELDS",
    "PROFILE_FIELDS",
    "UNDER_18_BANDS",
    "AccessNeeds",
    "AgeBand",
    "Availability",
    "AvailabilityChange",
    "Channel",
    "Commitment",
    "GuardianConsent",
    "MonitoringQuestion",
    "MonitoringResponse",
    "Profile",
    "StepAway",
    "User",
    "UserManager",
]
