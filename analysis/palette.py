"""The one grade palette of the project (SKM mutu A–D), readable in greyscale.

Luma (Rec. 709) is D 0.23 < A 0.37 < B 0.62 < C 0.73, so the four grades stay apart when
printed in black and white; bands behind data use :data:`GRADE_TINTS`. The web pages use the
same four colours (``static/css/app.css``: white text on A and D, dark text on B and C).
"""

GRADE_COLORS = {
    "A": "#137a35",  # green, dark enough for white text (5.4:1)
    "B": "#41b6c4",  # blue-green
    "C": "#fdae61",  # amber
    "D": "#b2182b",  # red
}
GRADE_TINTS = {
    "A": "#d9efdf",
    "B": "#d8f0f3",
    "C": "#feeedc",
    "D": "#f2d4d8",
}
INK = "#222222"
MUTED = "#6b6b6b"
HIGHLIGHT = "#1f3b73"
