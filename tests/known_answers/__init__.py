"""Known answers: checks of the shipped data in ``data/raw`` against what its sources say.

Unlike the unit tests beside this folder, which build small frames whose answers follow from the
code, these assert facts of the curated data itself: the editions and their participants as the
press releases give them, member counts at the meeting dates as the bodies publish them, every
high-confidence row quoting its source word for word. A failure here means the data (or a rule
that reads it) changed what a researcher would quote: check the sources before the test.
"""
