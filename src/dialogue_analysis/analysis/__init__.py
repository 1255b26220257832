"""The analysis floor: questions asked of the data, answered with frames of facts.

``resolve`` turns what a user types into keys (body ids, ISO codes, days); ``status`` is the one
rule for a country's status in a body on a day (confirmed, unknown or out, how sure and why);
``membership`` asks it who was a member on a day and how a body's membership changed;
``meetings`` and ``composition`` describe the meetings and the Dialogue's make-up; ``overlaps``
computes coverage and overlaps; ``bodies`` holds facts about one body; ``evidence`` the sources
behind the rows. Results are ids, canonical values, dates, counts and flags: never display
strings, marks or colours (those are the views'). Imports only from ``data`` and the top level.
"""
