"""Demo conversations: a question before bidding with the buyer's answer and a file, and a
contract conversation exchanging files, written through the services."""

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from conversations import services
from conversations.models import Conversation
from demo.marketplace import BUYER, KAMPALA, NAIROBI
from marketplace.models import Job

GUIDE = (
    b"Interview guide\n\n"
    b"1. Speakers: interviewer (I) and customer (C).\n"
    b"2. Timestamps every two minutes, as [00:02:00].\n"
    b"3. Mark unclear words as [inaudible 00:14:32].\n"
)
SAMPLE = b"image,label,x,y,width,height\nstreet-0001.jpg,bicycle,112,80,64,48\n"

# (job title, provider's email, [(author: "buyer" or "provider", text, files)])
CONVERSATIONS = [
    (
        "Transcribe 30 hours of customer interviews",
        KAMPALA,
        [
            (
                "provider",
                "Hello! Are the recordings in stereo, with one speaker per channel? And do you "
                "have a style guide for the timestamps?",
                [],
            ),
            (
                "buyer",
                "Mono, I am afraid. Our interview guide is attached; it has the timestamp "
                "style. Earlier transcripts are at https://northwind.example/samples",
                [("interview-guide.txt", GUIDE)],
            ),
            ("provider", "Thank you, that helps. Our bid stands.", []),
        ],
    ),
    (
        "Transcribe 30 hours of customer interviews",
        NAIROBI,
        [("provider", "Can we deliver in weekly batches rather than all at once?", [])],
    ),
    (
        "Annotate 10,000 street images for a mapping model",
        KAMPALA,
        [
            (
                "buyer",
                "Welcome aboard! Please label bicycles and motorbikes separately.",
                [],
            ),
            (
                "provider",
                "Understood. Here is a sample of the first 500 images for you to check.",
                [("annotation-sample.csv", SAMPLE)],
            ),
            ("buyer", "The sample looks right. Please go ahead with the rest.", []),
        ],
    ),
]


def seed(users: dict[str, User]) -> int:
    """Create each demo conversation that does not exist yet; returns how many exist."""
    for title, provider_email, messages in CONVERSATIONS:
        provider = users[provider_email]
        organization = provider.memberships.get().organization
        job = Job.objects.filter(title=title).first()
        if job is None or Conversation.objects.filter(job=job, organization=organization).exists():
            continue
        conversation = None
        for side, text, files in messages:
            author = provider if side == "provider" else job.buyer
            uploads = [SimpleUploadedFile(name, data) for name, data in files]
            if conversation is None:
                conversation = services.conversation_start(
                    job=job, by=author, organization=organization, text=text, uploads=uploads
                )
            else:
                services.message_post(
                    conversation=conversation, by=author, text=text, uploads=uploads
                )
    return Conversation.objects.filter(job__buyer__email=BUYER).count()
