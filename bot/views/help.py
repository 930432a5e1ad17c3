"""Usage text for the slash command and for `@Followthrough help`."""

COMMAND_USAGE = "\n".join(
    [
        "*/followthrough* commands:",
        "• `status [program]`: program health, project by project",
        "• `mine`: your open items, overdue first",
        "• `add <task> @owner by <date> [project]`: track an item by hand "
        "(dates like `Friday`, `next week`, `2026-12-04`)",
        "• `risks`, `deps`, `capacity`: the program's risks, blocked dependencies, workload",
        "• `risk add <title> [likelihood impact]`, `risk score <id> <l> <i>`, "
        "`risk close|mitigate|reopen <id>`: keep the risk register",
        "• `digest now`: post the program digest to its channel",
        "• `help`: this text",
    ]
)

MENTION_HELP = "\n".join(
    [
        "Mention me in a thread and I'll read the whole thread and list its action items "
        "(owner, due date, project) with buttons to confirm or fix them.",
        "Paste meeting notes after the mention, or share a .txt, .md, .vtt or .srt file "
        "in a channel I'm in, and I'll do the same with them.",
        "`@Followthrough status` shows the program's health. "
        "Use the *Extract follow-ups* message shortcut on any message, "
        "or `/followthrough help` for everything else.",
    ]
)
