"""Small English word lists the cues need: verbs that open a task, words that are never
someone's name. General English, kept short enough to load in a blink."""

from __future__ import annotations

_BASE_VERBS = frozenset(
    """
    accept add address adjust advertise agree align allocate analyse analyze announce answer
    apply approve archive arrange ask assess assign attach attend audit automate back backport
    benchmark block book bootstrap brainstorm bring broadcast budget build bump buy calculate
    call cancel capture catalog catalogue categorize change chase check circulate claim clarify
    clean clear close collect combine comment communicate compare compile complete compose
    confirm connect consider consolidate contact continue contribute convene convert coordinate
    copy correct create curate cut debug decide define delegate delete deliver demo deploy
    deprecate describe design determine develop discuss dispatch distribute document double
    download draft drive drop duplicate edit email enable encourage ensure enumerate escalate
    establish estimate evaluate examine expand explain explore export extend facilitate file
    fill finalize finalise find finish fix flag follow forward gather generate get give go
    group handle help highlight host identify implement import improve include incorporate
    inform initiate inspect install integrate introduce invite investigate issue iterate join
    keep kick label land launch lead leave link list locate log look maintain make manage map
    mark measure meet mention merge migrate mirror monitor move nominate notify obtain offer
    onboard open order organize organise outline own package pair patch pay pick pilot ping
    plan polish post prepare present prioritize prioritise process produce profile promote
    propose prototype provide publish pull push put query raise reach read rebase recommend
    reconcile record recruit redo reduce refactor refine reflect register reinstate release
    remind remove rename renew reorganize repair replace reply report request research reserve
    resolve respond restart restore resume retire return reuse review revert revise revisit
    rework rewrite rotate run sanitize schedule scope screen search secure see select send
    set settle setup share ship shorten sign simplify sketch solicit solve sort speak specify
    split sponsor spread stabilize stage start stop store streamline study submit summarize
    summarise supply support survey switch sync synchronize take talk target test think
    threat track train transfer transition translate triage try turn tweak unblock uninstall
    unify update upgrade upload use validate verify vote walk watch work wrap write
    hand grab loop circle nudge jot dig poke spin tidy wire line nail kickoff reschedule
    rerun retry redeploy recheck resend rebook reopen respond rollback roll prep pitch
    draw brief coach mentor hire interview invoice quote price order purchase renegotiate
    negotiate sign-off signoff finalise print email text message phone contact visit
    collect compile cleanup set-up follow-up tag triage unpin pin retest doublecheck
    investigate reproduce diagnose escalate present outline storyboard design mock
    """.split()
)
"""Base forms that start imperative tasks ('Renew the domain', 'Ping Sam')."""
TASK_VERBS = _BASE_VERBS | {f"re{verb}" for verb in _BASE_VERBS if len(verb) >= 3}
"""With their 're-' forms ('resubmit', 'reassign'), which say the same kind of task."""

PAST_MARKERS = frozenset(
    """
    added agreed announced approved archived booked built cancelled canceled changed checked
    marked noted discussed reported explained shared demoed mentioned presented agreed
    closed completed confirmed created decided delivered deployed discussed dropped filed
    finished fixed handled implemented landed launched merged moved opened posted presented
    published released removed renamed renewed replaced resolved reviewed sent shipped
    started submitted updated uploaded wrapped
    """.split()
)
"""Past tense that reports an outcome ('Sam sent the quote') rather than a task."""

NOT_NAMES = frozenset(
    """
    i we you he she it they me us him them this that these those there here what who how why
    when where which whoever someone somebody anyone anybody everyone everybody nobody no one
    something nothing everything need needs want wants have has had going plan plans try
    trying able used due back up go option options decision decided agreed time way goal
    goals idea ideas proposal question note notes also then next now still just only please
    let lets let's the a an our my your their its if so and or but not yes ok okay sure good
    great first second last one two three some any each every more most other others
    discussion consensus action actions item items todo follow following update updates
    issue issues pr prs hope hoping looking look would could should might may must can will
    shall seems seem appears do does did done is are was were be been being get got make made
    take took give status summary result results outcome outcomes agenda topic topics
    meeting meetings call sync standup review recap minutes attendees present regrets
    background context decision decisions resolution resolved blocker blockers risk risks
    question questions answer answers comment comments feedback problem solution proposal
    thanks welcome today tomorrow yesterday tonight monday tuesday wednesday thursday friday
    saturday sunday week month year quarter morning afternoon evening team group folks
    people project projects program plan roadmap budget release launch deadline milestone
    owner owners due date note fyi cc re eta tl tldr ps nb edit edited source see link links
    """.split()
)
"""Words that look like a capitalised name at the start of a line but never are one."""

GROUP_OWNERS = frozenset("all everyone everybody team folks anyone anybody group".split())
"""Owners that name a group rather than a person ('@all', 'Everyone')."""

LABEL_WORDS = frozenset(
    """
    note notes question questions answer answers decision decisions discussion agenda action
    actions update updates status summary options option follow followup follow-up next todo
    done result results conclusion context background proposal topic topics date time when
    where location attendees attendance present absent regrets apologies chair minutes
    recording video link links agreed resolved resolution outcome outcomes issue issues pr prs
    edit edited source see tl tldr notetaker scribe facilitator host re eta cc fyi ps nb poll
    consensus objection objections goal goals problem solution idea ideas pro pros con cons
    example examples feedback contacts thanks comment comments ai ais owner owners due deadline
    blocker blockers risk risks info motion vote warning important reminder announcement
    announcements news highlights task tasks subject title purpose objective objectives welcome
    participants guests open q a
    """.split()
)
"""Words that open a 'Label: text' line and are not a person speaking."""
