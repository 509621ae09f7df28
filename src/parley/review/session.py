"""The terminal review: one candidate at a time, decided by one key, saved at once.

Keys: `a` accept, `r` reject, `t` change the stance (then its number), `i` change the issue (then its
number or id and Enter), `s` or space skip, `q` quit, `?` help. Candidates already decided are not
shown again; skipped ones come after the undecided, so a review resumes where it stopped.
"""

from __future__ import annotations

import os
import sys
import termios
import tty
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

from parley.claims.model import STANCES
from parley.review.decisions import Decisions
from parley.review.queue import Item

HELP = "a accept · r reject · t stance · i issue · s skip · q quit"


@dataclass
class KeySource:
    """Where keys come from: single key presses on a terminal, else one key a line of standard input."""

    key: Callable[[], str]
    line: Callable[[str], str]


def terminal_keys(console: Console) -> KeySource:
    """Key presses when standard input is a terminal; otherwise lines of it (`a`, `r`, `t` then `2`, ...)."""
    if sys.stdin.isatty():
        return KeySource(_key_press, lambda prompt: console.input(prompt))

    def read_line(prompt: str = "") -> str:
        text = sys.stdin.readline()
        if not text:
            return "q"
        return text.rstrip("\n")

    return KeySource(lambda: (read_line() or " ")[0], read_line)


def _key_press() -> str:
    """One key press, the terminal in cbreak mode meanwhile (switched without dropping keys typed
    ahead; Ctrl-C still interrupts, and every decision before it is saved)."""
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd, termios.TCSANOW)
        return os.read(fd, 8).decode("utf-8", "replace")[:1]
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def ordered(items: Sequence[Item], decisions: Decisions) -> list[Item]:
    """The items not yet decided, those never seen first, the skipped ones after."""
    open_items = [i for i in items if decisions.decision(i) in ("", "skipped")]
    return sorted(open_items, key=lambda i: decisions.decision(i) == "skipped")


def show(console: Console, item: Item, number: int, total: int) -> None:
    claim, turn = item.claim, item.turn
    text = Text(f"{turn.speaker}: ", style="bold")
    body = Text(turn.text)
    start = claim.quote_span.start - turn.span.start
    body.stylize("bold black on yellow", start, start + len(claim.quote))
    text.append_text(body)
    parts: list[Text] = []
    if item.before:
        parts.append(Text(f"{item.before.speaker or 'narration'}: {_short(item.before.text)}", style="dim"))
    parts.append(text)
    if item.after:
        parts.append(Text(f"{item.after.speaker or 'narration'}: {_short(item.after.text)}", style="dim"))
    title = f"{number}/{total}  {item.document.doc_id}, utterance {claim.utterance_position}"
    console.print(Panel(Group(*parts), title=title, title_align="left"))
    console.print(
        f"[bold]{item.claimant}[/] [cyan]{claim.stance}[/] on [magenta]{item.issue_label(claim.issue_id)}[/]"
        f"  ({claim.method}, found at {claim.place or '-'}, confidence {claim.confidence})"
    )
    console.print(f"[dim]{HELP}[/]")


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + " …"


def review(
    items: Sequence[Item], decisions: Decisions, reviewer: str, keys: KeySource, console: Console
) -> int:
    """Review `items` with `keys`; every decision is saved at once. How many were decided."""
    queue = ordered(items, decisions)
    decided = 0
    for number, item in enumerate(queue, 1):
        stance, issue = item.claim.stance, item.claim.issue_id
        while True:
            show(console, item, number, len(queue))
            key = keys.key().lower()
            if key == "q":
                console.print(f"stopped: {decided} decided, saved in {decisions.path}")
                return decided
            if key == "a":
                decisions.decide(item, "accepted", reviewer, stance=stance, issue=issue)
            elif key == "r":
                decisions.decide(item, "rejected", reviewer)
            elif key in ("s", " ", "n"):
                decisions.decide(item, "skipped", reviewer)
            elif key == "t":
                stance = _choose_stance(keys, console) or stance
                decisions.decide(item, "corrected", reviewer, stance=stance, issue=issue)
            elif key == "i":
                issue = _choose_issue(item, keys, console) or issue
                decisions.decide(item, "corrected", reviewer, stance=stance, issue=issue)
            else:
                console.print(f"[red]unknown key {key!r}[/]: {HELP}")
                continue
            decided += decisions.decision(item) != "skipped"
            console.print(f"[green]{decisions.decision(item)}[/]")
            break
    console.print(f"done: {decided} decided, saved in {decisions.path}")
    return decided


def _choose_stance(keys: KeySource, console: Console) -> str:
    console.print("  ".join(f"{n} {s}" for n, s in enumerate(STANCES, 1)))
    key = keys.key()
    return STANCES[int(key) - 1] if key.isdigit() and 1 <= int(key) <= len(STANCES) else ""


def _choose_issue(item: Item, keys: KeySource, console: Console) -> str:
    for n, issue in enumerate(item.issues, 1):
        console.print(f"{n:3} {issue.label} [dim]({issue.id})[/]")
    answer = keys.line("issue (number or id): ").strip()
    if answer.isdigit() and 1 <= int(answer) <= len(item.issues):
        return item.issues[int(answer) - 1].id
    return answer if any(i.id == answer for i in item.issues) else ""
