# %% [markdown]
# # A careernet walkthrough, cell by cell
#
# Open it in an editor that runs `# %%` cells (VS Code, Spyder, Jupyter with
# jupytext), or run it top to bottom: `python examples/walkthrough.py`.

# %%
import datetime as dt

import careernet
from careernet import InteractionKind, MeetingStatus, Ring

now = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
network = careernet.open("memory:", seeker="Robin Park", clock=lambda: now)
network.set_seeker(company="Initech", field="product design")

# %% [markdown]
# A career change: Robin wants to meet people in user research.

# %%
network.set_goal("career_change", target_fields=["user research"])
raj = network.add_contact("Raj Patel", ring=Ring.STRATEGIC, company="Umbrella")
aisha = network.add_contact(
    "Aisha Bello", field="user research", company="Hooli", knows=[raj.id]
)
for step in network.plan().actions:  # one step per person
    for part in step.steps:  # its parts, in the order to do them
        print(part.kind.value, "-", part.reason)

# %% [markdown]
# Give first, ask for the introduction, and meet.

# %%
network.give(raj.id, "Feedback on his conference talk")
network.ask(raj.id, "An introduction to Aisha")
network.log(aisha.id, InteractionKind.INTRODUCED, via=raj.id)
network.move(aisha.id, Ring.LUKEWARM)
coffee = network.schedule_meeting(
    aisha.id,
    now + dt.timedelta(days=2),
    purpose="Hear how she moved into research",
    questions=["What does a good first research project look like?"],
)
now += dt.timedelta(days=2, hours=1)  # the clock reads `now`: two days on
network.record_meeting(coffee.id, MeetingStatus.HELD, referrals=["Tomas Novak"])

# %% [markdown]
# The ledger, the funnel and what is owed.

# %%
print("ledger:", network.balance())
print("funnel:", {ring.name: size for ring, size in network.funnel().sizes.items()})
print(
    "thanks owed:", [network.contact(o.contact_id).name for o in network.thanks_owed()]
)
network.close()
