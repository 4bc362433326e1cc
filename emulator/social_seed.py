"""The social stop's 2011 stream: seeded into the store, read by SOCIAL through the host.

The posts are data, not part of the Z80 program, so SOCIAL really reads the
store: the conference hashtag stream (a mini tweetathon), a live-streamed
conference Q&A thread, a snow-day thread and a campaign of personal stories.
Every person here is invented; only the events come from the source article
(Gill Phillips, "Social media is here to stay! Learn to love it!", 2011).

``seed_if_empty`` fills an empty board once. ``LiveFeed`` posts the live
thread's next queued question when it is stepped (the app steps it on a
timer while the social stop is open; tests step it by hand), so new
questions appear while the visitor watches and tests stay deterministic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from emulator.store import Post, PostStore

BOARD = "social"
LIVE_MARK = "LIVE:"           # the live thread's post starts with this


@dataclasses.dataclass(frozen=True)
class Seed:
    author: str
    text: str
    replies: tuple[tuple[str, str], ...] = ()


# Oldest first: the last here is the newest, at the top of the timeline.
STREAM: tuple[Seed, ...] = (
    Seed("CarePathMoira", "Train to Glasgow for #NTofW2011, New Types of Workers. "
         "Will post what I can from the workshops. Follow along!"),
    Seed("DomCareDave", "Registration queue at #NTofW2011. Skills for Care, Skills for "
         "Health and Skills for Care and Development all in one room."),
    Seed("CarePathMoira", "Workshop on online communities in health. Odd to trust staff "
         "with heart surgery but not with e-learning? #NTofW2011",
         (("NurseNiamh", "@CarePathMoira Exactly this. I can run a ward but need a form "
           "signed to join a forum."),
          ("TrainerTomasz", "@CarePathMoira We blocked the learning site at work last "
           "year. Unblocked it last month. Progress!"))),
    Seed("CarePathMoira", "Some here say taking part online is not 'real work'. "
         "Discuss. #NTofW2011",
         (("SocialJo", "@CarePathMoira Is talking online with colleagues, carers and "
           "people who use services not real work? Sharing good practice is the job."),
          ("CarePathMoira", "@SocialJo Fair point! Taking that back into the room."),
          ("DomCareDave", "@CarePathMoira And is sitting at a conference real work? How "
           "do we show what changed for people afterwards?"))),
    Seed("NurseNiamh", "RT @CarePathMoira: Odd to trust staff with heart surgery but not "
         "with e-learning? #NTofW2011"),
    Seed("TrainerTomasz", "Co-production: people set their own outcomes with their "
         "circle of support. So why can't they follow the conference? #NTofW2011"),
    Seed("SocialJo", "Following #NTofW2011 from my desk 400 miles away. Best training "
         "I've had this year and no train fare."),
    Seed("CouncilNewsDesk", "Our office will be closed on Monday. Thank you. "
         "(Replies to this account are not monitored.)",
         (("SocialJo", "@CouncilNewsDesk A notice board, not a conversation!"),)),
    Seed("StoryHub", "#OneMonthBeforeHeartbreak: disabled people telling how losing "
         "Disability Living Allowance would hit their families. Read and share.",
         (("Mags_W", "DLA pays for the taxi to my dialysis. Without it I choose between "
           "treatment and the heating. #OneMonthBeforeHeartbreak"),
          ("KeithOnWheels", "My wife cut her hours to care for me. DLA keeps the van on "
           "the road so she can still work. #OneMonthBeforeHeartbreak"),
          ("PriyaMum", "My son's DLA pays for the carer who lets me sleep two nights a "
           "week. #OneMonthBeforeHeartbreak"),
          ("StoryHub", "The Welfare Reform Bill goes through parliament soon. Will they "
           "listen? Keep the stories coming."))),
    Seed("SnowWatchNorth", "Snow day thread: school closures, roads, and who needs "
         "help. Reply with what you know. #snow",
         (("HeadteacherHill", "Hillcrest Primary closed today. Stay safe and build a "
           "snowman. #snow"),
          ("RuralRob", "Back road to Kirkby not gritted AGAIN. Reported it to the "
           "council just now. #snow"),
          ("CouncilGrit", "@RuralRob Thanks, gritter sent to the Kirkby road this "
           "morning. #snow"),
          ("Annie4x4", "Got a 4x4 and a free morning. Anyone need a lift to hospital "
           "or shops? #snow"),
          ("DeeInFlat3", "@Annie4x4 My neighbour at number 12 is 88 and out of milk. "
           "Could you look in?"),
          ("Annie4x4", "@DeeInFlat3 On my way. Milk, bread and a chat. #snow"))),
    Seed("CarersLiveDesk", "LIVE: carers' conference with a video link. Can't travel? "
         "Ask the speakers your questions here and we put them to the panel.",
         (("CarerSam", "Q: I care for my dad 24/7. How do I get a break when respite "
           "is booked months ahead?"),
          ("PanelDrKellan", "A for @CarerSam: ask for a carer's assessment; it can "
           "include planned breaks. Don't wait for a crisis."),)),
)

# Questions and answers the live thread gains while a visitor watches, in order.
LIVE_QUEUE: tuple[tuple[str, str], ...] = (
    ("HomeCarerLiz", "Q: Will online carers be asked before decisions, or only told "
     "afterwards?"),
    ("PanelDrKellan", "A for @HomeCarerLiz: asked first. That's why the questions from "
     "home go to the panel today, not after."),
    ("NightShiftNia", "Q: Watching on my break at 3am. Will the recording stay up for "
     "carers who work nights?"),
    ("CarersLiveDesk", "@NightShiftNia Yes, the video and this thread stay online after "
     "the conference."),
    ("YoungCarerAli", "Q: I'm 16 and look after my mum. Does anyone at the conference "
     "talk to young carers?"),
    ("PanelDrKellan", "A for @YoungCarerAli: yes, and thank you for asking. We'll take "
     "your question to the young carers session now."),
    ("CarerSam", "Thank you all. First time I've been part of a conference from my "
     "kitchen table."),
)

_START = dt.datetime(2011, 2, 14, 8, 40, tzinfo=dt.UTC)


def seed_if_empty(store: PostStore, board: str) -> int:
    """Fill the social board on its first use; returns the posts added (0 if it had any)."""
    if board != BOARD or store.count(board, include_hidden=True):
        return 0
    when = _START
    added = 0
    # Each seeded post has a fixed uid: kiosks of a fleet that seed the
    # shared board at once (or one that seeded into its outbox while the
    # server was away) end up with one copy, as the server keeps a uid once.
    for n, seed in enumerate(STREAM):
        when += dt.timedelta(minutes=23)
        post = store.add(board, seed.author, seed.text, created=when, uid=f"seed-{board}-{n}")
        added += 1
        for r, (author, text) in enumerate(seed.replies):
            when += dt.timedelta(minutes=4)
            store.reply(post.id, author, text, created=when, uid=f"seed-{board}-{n}-{r}")
            added += 1
    return added


class LiveFeed:
    """Adds the live thread's next question (or answer) each time it is stepped."""

    def __init__(self, store: PostStore, board: str = BOARD) -> None:
        self.store = store
        self.board = board

    def thread(self) -> Post | None:
        """The live thread's post, if the board has it and it is not hidden."""
        offset = 0
        while True:
            page = self.store.list(self.board, offset=offset, limit=50)
            for post in page:
                if post.text.startswith(LIVE_MARK):
                    return post
            if len(page) < 50:
                return None
            offset += 50

    def step(self) -> Post | None:
        """Post the next queued item; None when the thread is gone or the queue done."""
        live = self.thread()
        if live is None:
            return None
        said = {(p.author, p.text) for p in self.store.replies(
            live.id, limit=self.store.MAX_PAGE, include_hidden=True)}
        for i, (author, text) in enumerate(LIVE_QUEUE):
            if (author, text) not in said:
                # Dated in the conference's afternoon, as if live then: the
                # wall, which shows visitors' posts (after 2011), leaves it out.
                when = live.created + dt.timedelta(minutes=12 + 4 * i)
                return self.store.reply(live.id, author, text, created=when,
                                        uid=f"live-{self.board}-{live.uid}-{i}")
        return None
