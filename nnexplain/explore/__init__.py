"""``nnexplain explore``: a full-screen, keyboard-driven explorer in the terminal.

Each view (``nnexplain.explore.views``) is a ``state.View``: parameters the learner
changes with the keys, and the worked example, figure and command they make, computed
by the same doors as the commands. ``nnexplain.explore.app`` draws them with Textual,
which is imported only here (the text commands never load it).
"""
