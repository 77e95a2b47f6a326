"""What each change means in words, as data: the practitioner's email and the watchers' email
for every accreditation action, and which actions go in the public decisions feed."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    subject: str  # "{name}" is the listing's name
    practitioner: str  # what it means for the practitioner, and what to do next
    watchers: str | None = None  # what a watcher is told (None: watchers are not told)
    public: bool = False  # in the decisions feed


CHANGES = {
    "apply": Change(
        "We have your application",
        "Your application for accreditation has been received. An assessor will check your "
        "listing against each published standard; we will email you when the assessment starts.",
    ),
    "start_assessment": Change(
        "Your application is being assessed",
        "An assessor has started assessing your listing. Changes you make now may send a "
        "standard back for assessment.",
    ),
    "refuse": Change(
        "Your application was not accredited",
        "Your application was not accredited. Put right what the reason says, then apply again.",
    ),
    "accredit": Change(
        "{name} is accredited",
        "Your listing is accredited and shows as accredited on the public register.",
        public=True,
    ),
    "renew": Change(
        "{name}: accreditation renewed",
        "Your accreditation has been renewed.",
        "The accreditation of {name} has been renewed.",
        public=True,
    ),
    "expire": Change(
        "{name}: accreditation expired",
        "Your accreditation has expired: your listing no longer shows as accredited. Ask for "
        "renewal from your listing page.",
        "The accreditation of {name} has expired: they are no longer accredited.",
        public=True,
    ),
    "suspend": Change(
        "{name}: accreditation suspended",
        "Your accreditation has been suspended. The reason is published on your listing.",
        "The accreditation of {name} has been suspended.",
        public=True,
    ),
    "lapse": Change(
        "{name}: suspended, insurance ended",
        "Your accreditation has been suspended because your insurance has ended. Update your "
        "insurance details on your listing and ask an assessor to lift the suspension.",
        "The accreditation of {name} has been suspended: their insurance has ended.",
        public=True,
    ),
    "reinstate": Change(
        "{name}: suspension lifted",
        "The suspension of your accreditation has been lifted.",
        "The suspension of {name} has been lifted: they are accredited again.",
        public=True,
    ),
    "revoke": Change(
        "{name}: accreditation revoked",
        "Your accreditation has been revoked. The reason is published on your listing.",
        "The accreditation of {name} has been revoked.",
        public=True,
    ),
}
PUBLIC_ACTIONS = tuple(action for action, change in CHANGES.items() if change.public)
