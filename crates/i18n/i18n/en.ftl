# The dashboard in English. Keys are shared by de.ftl and th.ftl; a test
# checks each catalogue has every key and no other.

## The header on every page
nav-inbox = Inbox
nav-alerts = Alerts
nav-threads = Threads
nav-ladder = Ladder
nav-cohorts = Cohorts
nav-influencers = Influencers
nav-report = Report
nav-settings = Settings
nav-search = Search people and messages
nav-logout = Log out
nav-overdue = { $shown } overdue
nav-rereading = Rapport is reading every stored message again (after an upgrade or a correction): readings and places on the ladder change as it goes.

## Settings: the user's own
me-title = Your settings
me-language = Language of the dashboard
me-language-auto = As my browser says
me-digest = Send me a daily mail of what is overdue (and what is assigned to me past its target)
me-save = Save my settings
me-saved = Your settings are saved.

## Shared words
download-csv = Download CSV
by = by { $who }
shop = shop
pager-pages = Pages
pager-previous = ← Previous
pager-next = Next →
pager-page-of = Page { $page } of { $pages } · { $total } in all
pager-newer = ← newer
pager-older = older →
pager-prev-lower = ← previous
pager-next-lower = next →
snooze = Snooze
snooze-for = Snooze for
snooze-1h = 1 hour
snooze-4h = 4 hours
snooze-1d = 1 day
snooze-3d = 3 days
snooze-1w = 1 week
ago-min = { $v } min
ago-h = { $v } h
ago-d = { $v } d
open-in-inbox = open in the inbox

## Stages, labels and other closed sets, as shown (URLs and CSS keep the English codes)
stage-stranger = stranger
stage-follower = follower
stage-casual = casual
stage-engaged = engaged
stage-fan = fan
stage-customer = customer
stage-true_fan = true fan
label-true_fan = true fan
label-evangelist = evangelist
label-influencer = influencer
label-detractor = detractor
label-box_ticker = box ticker
intent-question = question
intent-complaint = complaint
intent-praise = praise
intent-recommendation = recommendation
intent-suggestion = suggestion
intent-purchase_intent = purchase intent
intent-generic = stock phrase
intent-other = other
language-en = en
language-de = de
language-th = th
sentiment-negative = negative
sentiment-neutral = neutral
sentiment-positive = positive

## Inbox
inbox-queue = Queue
inbox-plus-stock = + { $shown } stock phrases
inbox-filters = Filters
inbox-channel = Channel
inbox-every-channel = every channel
inbox-language = Language
inbox-every-language = every language
inbox-intent = Intent
inbox-any-intent = any intent
inbox-stage = Stage
inbox-any-stage = any stage
inbox-label = Label
inbox-any-label = any label
inbox-mine = mine
inbox-new = new since my last visit
inbox-over = over target
inbox-filter = Filter
inbox-clear = Clear filters
inbox-first-visit = This is your first visit: everything is new.
inbox-new-since = New since your visit before this one ({ $when }).
inbox-stock = Stock phrases
inbox-under-post = under post { $post }
inbox-back = back to the inbox
inbox-no-match = Nothing open matches these filters.
inbox-zero = Inbox zero: every message has an answer.
inbox-priority = priority
inbox-stock-hint = Comments like "Nice post 👍", folded per post: they rarely need an answer each.
inbox-stock-on = { $n } on { $channel }
inbox-show-all = Show all { $shown }
inbox-mark-all = Mark all { $shown } handled
inbox-selected = Selected message
inbox-waiting = waiting { $time }
inbox-whole-conversation = The whole conversation
inbox-open-on = Open on { $channel }
inbox-not-web = not a web address, so not linked
inbox-left-queue = This message has left the queue.
inbox-reopen = Reopen
inbox-replies = Replies from the shop
inbox-start-from = Start from:
saved-reply-thanks = thanks
saved-reply-sorry = sorry
saved-reply-answer = answer
inbox-reply-connected = Your reply, sent on { $channel } as the shop
inbox-write-reply = Write the reply
inbox-send-reply = Send reply
inbox-reply-by-hand = Your reply (post it on { $channel } yourself: it is not connected)
inbox-paste-reply = Paste or write the reply you posted
inbox-record-reply = Record reply
inbox-either-way = Either way the message counts as answered now.
inbox-mark-handled = Mark handled
inbox-assign-to = Assign to
inbox-nobody = nobody
inbox-assign = Assign
inbox-history = History
inbox-notes = Notes
inbox-note = Note
inbox-note-placeholder = Add a note for the team
inbox-add-note = Add note
inbox-earlier = Earlier
inbox-done-reply = Reply recorded — the message counts as answered.
inbox-done-sent = Reply on its way — the message counts as answered; the person's page shows when it is sent.
inbox-done-handled = Marked handled — the message left the queue.
inbox-done-stock = Stock phrases marked handled — they left the queue.
inbox-done-snooze = Snoozed — the message comes back when the time is up.
inbox-done-assign = Assigned.
inbox-done-note = Note added.
inbox-done-reopen = Reopened — the message is back in the queue.
correct-reading = Read wrong? It is:
correct-not-question = not a question
inbox-done-correct = Correction saved — the reading, the ladder and the inbox follow it.
kind-comment = comment
kind-reply = reply
kind-mention = mention
kind-message = message
kind-review = review
kind-share = share
kind-like = like
kind-follow = follow
kind-referral = referral
kind-post = post
kind-feedback = feedback
kind-reminder = reminder
kind-digest = digest
delivery-queued = queued
delivery-sending = sending
delivery-sent = sent
delivery-failed = failed
delivery-unsure = unsure
delivery-recorded = recorded
delivery-cancelled = cancelled
order-paid = paid
order-pending = pending
order-refunded = refunded
order-cancelled = cancelled
touch-gift = gift
touch-sample = sample
touch-shoutout = shoutout
touch-feature = feature
touch-help = help
touch-intro = intro
touch-ask = ask
cohort-status-planned = planned
cohort-status-contacted = contacted
cohort-status-answered = answered
cohort-status-moved_up = moved up
cohort-status-graduated = graduated
cohort-status-given_up = given up

## People, timelines and the given/asked ledger
ledger-empty = Nothing logged yet: give something before asking for anything.
ledger-asked-first = { $given } given, { $asked } asked: asked first.
ledger-nothing-asked = { $given } given, { $asked } asked: nothing asked yet.
ledger-value-first = { $given } given, { $asked } asked: value first.
answered-at = answered { $when }
unanswered = unanswered
delivery-recorded-by-hand = recorded (posted by hand)
delivery-queued-to-send = queued to send
followers = { $n } followers
orders-none = no orders
orders-summary = { $n ->
    [one] { $n } order
   *[other] { $n } orders
} · { $paid } paid
since = since { $when }
score-engagement = engagement
score-loyalty = loyalty
score-advocacy = advocacy
score-reach = reach

## A person's page
link-same_email = same email
link-explicit = linked by hand
link-unlinked = unlinked
person-why = Why
person-interests = Interests
person-accounts = Accounts
person-linked-because = Linked because
person-stage-history = Stage history
person-orders = Orders
person-col-order = order
person-col-total = total
person-col-status = status
person-col-items = items
person-given-asked = Given and asked
person-kind = Kind
person-touch-placeholder = What the shop gave or asked
person-log-touch = Log a touch
person-touch-logged = Touch logged.
person-sent-by-shop = Sent by the shop
person-timeline = Timeline
person-conversation = conversation
person-privacy = Privacy
person-export = Download everything held about { $name } (JSON)
person-forget-hint = Forgetting erases this person's accounts, messages, notes and touches and the personal data of their orders, for good; the report's past figures stay, and imports skip their records from then on.
person-forget-confirm = I want to forget { $name } (#{ $id }); this cannot be undone
person-forget = Forget this person

## Alerts
severity-low = low
severity-medium = medium
severity-high = high
alert-unanswered = unanswered
alert-new_detractor = new detractor
alert-fan_slipping = fan slipping
alert-influencer_mismatch = influencer mismatch
alert-bought_question = bought question
alert-repeat_complaint = repeat complaint
alert-detractor_public = detractor public
alert-influencer_mention = influencer mention
alert-follow_up = follow up
alerts-due = due { $when }
alerts-the-conversation = the conversation
alerts-done = Done
alerts-why-optional = Why (optional)
alerts-why-dismiss = Why dismiss
alerts-dismiss = Dismiss
alerts-targets = Answer targets:
alerts-intro = Unanswered questions and complaints are due when their target passes. New detractors, fans slipping down the ladder and influencers whose audience cares about something else are due at once. Moments found in what people write — a question about something they bought, a second complaint within 30 days, a detractor writing in public, an influencer who suits the shop mentioning it — are due within the hour; a follow-up the day after the shop answered a question or complaint. Each alert can be marked done, snoozed or dismissed; a dismissed alert about someone's place on the ladder stays away until its cause changes.
alerts-lists-same = lists the same.
alerts-overdue = Overdue
alerts-most-urgent = The { $n } most urgent;
alerts-and = and
alerts-list-all = list them all.
alerts-nothing-overdue = Nothing overdue.
alerts-coming-up = Coming up
alerts-shown-rest = { $n } shown; the API lists the rest.
alerts-nothing-later = Nothing due later.
alerts-done-snooze = Snoozed — it comes back when the time is up.
alerts-done-dismiss = Dismissed — it stays away until its cause changes.
alerts-done-done = Marked done.

## Threads
threads-all = all
threads-unanswered = unanswered
threads-answered = answered
threads-none = No conversations match.
threads-col-last = last activity
threads-col-who = who
threads-col-started = started with
threads-col-messages = messages
threads-col-status = status
threads-waiting = { $n } waiting
thread-title = Conversation on { $channel }
thread-all-answered = every message answered
thread-waiting = { $n ->
    [one] { $n } message waiting for an answer
   *[other] { $n } messages waiting for an answer
}

## Ladder
ladder-chart = People per stage at the end of each week
ladder-everyone-by-value = Everyone, most valuable first
ladder-everyone-closest = Everyone, closest first
ladder-stage = Stage: { $stage }
ladder-label = Label: { $label }
ladder-stage-label = Stage { $stage }, label { $label }
ladder-people = { $n } people
ladder-everyone = everyone
ladder-movement = Movement
ladder-movement-hint = weeks start on Monday (UTC); the last one is this week so far
ladder-closest-first = Closest first
ladder-most-valuable-first = Most valuable first
ladder-value-hint = (lifetime value in the shop's currency, other currencies converted with the profile's rates)
ladder-col-name = name
ladder-col-stage = stage
ladder-col-labels = labels
ladder-col-value = value
ladder-col-why = why

## Cohorts
cohort-summary = { $contacted } of { $n } contacted · { $replied } replied · { $moved } moved up · { $given } given up
cohort-past-graduated = { $summary } — graduated
cohort-heading = #{ $id } planned { $when }
cohort-heading-graduated = #{ $id } planned { $when } (graduated)
cohort-forgotten = (forgotten)
cohort-done-contacted = Marked contacted.
cohort-done-replied = Marked replied.
cohort-done-moved_up = Marked moved up.
cohort-done-given_up = Given up on — the cohort goes on without them.
cohort-intro = Five people at a time, engaged but not yet fans: talk with each about what they care about, mark what happened outside Rapport, and the next five are planned once each has moved up or been given up on. Progress also moves on its own: a reply from the shop is "contacted", their answer "replied", a higher stage "moved up".
cohort-none = No cohort yet: plan the first five people to cultivate.
cohort-first-step = First step
cohort-answer-question = answer their question:
cohort-open-it = open it in the inbox
cohort-mark-contacted = Contacted
cohort-mark-replied = Replied
cohort-mark-moved_up = Moved up
cohort-mark-given_up = Give up
cohort-plan-hint = While the current cohort is open, planning returns it; once each member has moved up or been given up on, five new people are picked.
cohort-plan = Plan the next five
cohort-earlier = Earlier cohorts
cohort-planned = planned { $when }

## Influencers
influencers-dot = { $name }: fit { $fit } (reach { $reach } × alignment { $alignment }); { $why }
influencers-x-axis = alignment with the shop's topics →
influencers-y-axis = reach (followers) →
influencers-chart = Reach against alignment
influencers-by-fit = Best fit first (reach × alignment)
influencers-by-reach = Largest reach first
influencers-by-alignment = Best aligned first
influencers-shown = { $shown } of { $total }
influencers-fit-is = Fit is reach × alignment, both 0 to 1.
influencers-chart-hint = Left of the dashed line, the audience follows them for something else. Hover a dot for its name and numbers.
influencers-none = Nobody with an influencer's reach yet.
influencers-col-person = person and why they fit
influencers-col-given-asked = given / asked
sort-fit = fit
sort-reach = reach
sort-alignment = alignment

## Report
report-chart-answered = Share of inbound answered, per week
report-chart-response = Median first response, per week
report-chart-gained = Fans and evangelists gained, per week
report-series-fans = fans
report-series-evangelists = evangelists
report-all-time = all time
report-7d = 7 days
report-30d = 30 days
report-12w = 12 weeks
report-answered = answered
report-answered-hint = { $answered } of { $inbound } inbound messages
report-first-response = first response
report-first-response-hint = median; p90 { $p90 }
report-conversations = conversations
report-conversations-hint = threads with two or more exchanges
report-specific = specific comments
report-specific-hint = { $shown } were stock phrases
report-recommendations = recommendations
report-recommendations-hint = shares, referrals, tips to friends
report-true-fans = true fans
report-true-fans-hint = engaged and buying again
report-evangelists = evangelists
report-evangelists-hint = recommending the shop
report-followers = followers
report-followers-hint = follow events
report-likes = likes
report-comments = comments
report-comments-hint = specific or not
report-a-year = { $amount } a year
report-worth-unknown = no true fan's orders could be valued yet
report-worth = one true fan is worth { $amount } a year on average ({ $valued } of { $now } valued)
report-meaningful = Meaningful
report-meaningful-hint = relationships being built
report-goal = Revenue goal
report-fans-needed = true fans needed for { $goal }
report-fans-of = { $now } of { $needed } true fans
report-fans-now = { $now } true fans now; { $worth }.
report-detractors = Detractors
report-recovered = { $n } recovered
report-recovered-hint = Recovered: their latest complaint was answered and what they wrote since is not negative.
report-answer-targets = Answer targets
report-past-target = past their target now
report-on = on { $channel }
report-all-in-inbox = All { $n } in the inbox
report-vanity = Vanity
report-vanity-hint = shown for contrast
report-over-time = Over time
report-weeks-monday = weeks start on Monday (UTC)
report-per-channel = Per channel
report-col-channel = channel
report-col-inbound = inbound
report-col-answered = answered
report-col-median = median reply
report-col-likes = likes

## Search
search = Search
search-placeholder = A name, handle, email or words from a message
search-hint = Any script: Thai, German compounds and names are found by any part of three letters or more; case and accents do not matter.
search-people = People
search-no-people = No one by that name, handle or email.
search-messages = Messages
search-shown-of = { $shown } of { $total }, the newest stored
search-more = Show up to 200
search-no-messages = No message with those words.
search-waiting = waiting for an answer

## Settings: the shop, channels, imports, users and tokens
role-admin = admin
role-agent = agent
role-viewer = viewer
settings-new-token = New API token
settings-shop-profile = Shop profile
settings-name = Name
settings-topics = Topics
settings-values = Values
settings-goal = Goal
settings-from = From { $source }
settings-built-in = built-in profile
settings-admin-can = an admin can change it here, or with
settings-edit-profile = Edit the profile
settings-revenue-goal = Revenue goal a year
settings-currency = Currency
settings-topics-hint = (comma-separated, any language)
settings-comma-separated = (comma-separated)
settings-handles = The shop's handles
settings-one = one
settings-a-line = a line
settings-rates = Exchange rates into the currency
settings-fast-target = Answer target for true fans, evangelists, influencers and detractors' complaints
settings-other-target = Answer target for everyone else
settings-minutes = (minutes)
settings-timezone = Time zone
settings-timezone-hint = (the dashboard shows every time in it; a name such as Europe/Berlin, Asia/Bangkok or UTC)
settings-save-profile = Save profile
settings-channels = Channels Rapport sends on
settings-none-connected = None connected: replies written here count as answered and are recorded as posted by you on the platform.
settings-connected = Connected:
settings-connected-hint = replies to messages there are sent as the shop. On other channels they are recorded as posted by you.
settings-credentials = Credentials come from the server's configuration
settings-environment = environment
settings-never-this-page = never from this page.
settings-import = Import
settings-imported = imported
settings-duplicates = { $n } duplicates
settings-skipped = { $n } skipped
settings-rejected = rejected
settings-format = Format
settings-file = File
settings-recent-imports = Recent imports
settings-no-imports = None yet.
settings-col-when = when
settings-col-file = file
settings-col-result = result
settings-new = { $n } new
settings-n-rejected = { $n } rejected
settings-imports-memory = The list is read from the job queue: every server sharing the database shows the same, the last 20 imports done.
settings-import-queued = The file is being imported (job { $job }); it shows under recent imports when done.
settings-users = Users
settings-col-email = email
settings-col-role = role
settings-col-since = since
settings-remove = remove
settings-add-user-title = Add a user
settings-email = Email
settings-role = Role
settings-password = Password
settings-add-user = Add user
settings-tokens = API tokens
settings-send-as = Send as
settings-api-described = The API is described at
settings-col-token = token
settings-col-user = user
settings-col-created = created
settings-col-used = last used
settings-col-expires = expires
settings-expired = expired { $when }
settings-revoke = revoke
settings-create-token-title = Create a token
settings-for = For
settings-valid-days = Valid for days
settings-create-token = Create token
settings-never = never
settings-rejection = line { $line }: { $reason }
settings-added = Added { $email } as { $role }.
settings-removed = Removed { $email }: { $tokens } tokens revoked, { $sessions } sessions ended.
settings-copy-token = Copy the token now: it is not shown again.
settings-profile-saved = Profile saved to { $path }.
settings-profile-not-saved = The profile was not saved: { $problem }
settings-choose-format = choose a format
settings-choose-file = choose a file
settings-file-empty = the file is empty
settings-nothing-imported = Nothing was imported: { $problem }
settings-nothing-imported-because = Nothing was imported: { $problem }.

## Pages without a signed-in user: login, unsubscribe, errors
login-title = Log in
login-tagline = Who your true fans are, and who is waiting for an answer.
login-expired = The login form expired. Please try again.
login-too-many = Too many failed attempts. Wait a minute and try again.
login-busy = The server is busy checking other logins. Try again in a moment.
login-wrong = Wrong email or password.
unsubscribe-invalid = This unsubscribe link is not valid (it may have been cut short). Reply to the mail instead and we will take you off by hand.
unsubscribe-done = Done: { $address } gets no more feedback requests or reminders from { $shop }. Answers to what you write to us still reach you.
unsubscribe-ask = No more feedback requests or reminders from { $shop } to { $address }?
unsubscribe-button = Unsubscribe
error-back = Back to the inbox
status-400 = Bad Request
status-401 = Unauthorized
status-403 = Forbidden
status-404 = Not Found
status-409 = Conflict
status-413 = Payload Too Large
status-429 = Too Many Requests
status-500 = Internal Server Error
status-503 = Service Unavailable
error-detail = Details
status-400-says = This address asks for something the page cannot read. Check the part after the question mark.
status-401-says = Sign in to see this page.
status-403-says = Your role may not open this page; an admin can change it.
status-404-says = There is nothing at this address.
status-409-says = Someone changed this in the meantime. Reload the page and try again.
status-413-says = What was sent is larger than Rapport takes.
status-429-says = Too many requests in a short time. Wait a moment and try again.
status-500-says = Something went wrong on our side; it has been logged.
status-503-says = Rapport cannot answer right now. Try again in a moment.

## The engine's sentences (rapport_core::said): inbox reasons, alert
## reasons, evidence, fit lines, cohort picks, recovery, item history.
## The English must read as the CLI and the API write it (a test checks).

said-span-min = { $n } min
said-span-h = { $n } h
said-span-days = { $n } days
said-target-min = { $n }-minute
said-target-hour = { $n }-hour
said-target-day = { $n }-day
said-short-thousands = { $n }k
said-short-millions = { $n }M
said-and = and
said-not-yet = not yet
said-nothing-yet = nothing yet
said-nothing = {""}
said-other-things = other things
said-interests = interests
said-complaint = complaint
said-question = question
said-label = { $label }
said-stock-phrase = stock phrase
said-waiting-past = waiting { $waited }, past the { $target } target
said-waiting-left = waiting { $waited }, { $left } left of the { $target } target
said-answered-after = answered after { $waited }
said-target-rule = { $fast } for true fans, evangelists, influencers and detractors' complaints; { $other } for everyone else.
said-unanswered = { $what ->
        [complaint] Complaint
       *[question] Question
    }{ $vip ->
        [true_fan] {" "}from a true fan
        [evangelist] {" "}from an evangelist
        [influencer] {" "}from an influencer
        [detractor] {" "}from a detractor
       *[none] {""}
    } on { $channel }: { $waiting }.
said-became-detractor = Became a detractor on { $day }: { $why }.
said-fan-falling = A fan, quiet since { $quiet }, who will slip to { $stage } on { $day } unless they hear from the shop.
said-fan-fell = Was a fan until { $day }, now { $stage }: fewer specific words in the last { $days } days.
said-other-interests = Large reach, other interests: { $why }.
said-bought-question = Asks on { $channel } about { $product }, which they bought: an answer from a person, now.
said-repeat-complaint = A second complaint within 30 days, on { $channel }: call or write personally.
said-detractor-public = A detractor wrote where others read it, on { $channel }: answer in public, kindly.
said-influencer-mention = An influencer whose audience suits the shop wrote about it on { $channel }: say thanks.
said-follow-up = The shop answered them on { $channel } { $when ->
        [ago] { $ago } ago
       *[yesterday] yesterday
    }: ask how it went.
said-specific-comments = { $n ->
        [one] { $n } specific comment
       *[other] { $n } specific comments
    } in the last { $days } days
said-conversations = { $n ->
        [one] { $n } reply in a conversation
       *[other] { $n } replies in conversations
    } with the shop
said-peer-talk = talked with others under the shop's posts { $n ->
        [one] { $n } time
       *[other] { $n } times
    }
said-orders = { $n ->
        [one] { $n } order
       *[other] { $n } orders
    }, { $amounts }{ $converted ->
        [yes] {" "}(≈ { $worth }{ $unrated ->
            [yes] , currencies without a rate left out
           *[no] {""}
        })
       *[no] {""}
    }
said-recommended = recommended or shared the shop { $n ->
        [one] { $n } time
       *[other] { $n } times
    }
said-followers = { $n } followers
said-detractor = { $complaints ->
        [one] { $complaints } complaint
       *[other] { $complaints } complaints
    } against { $praise ->
        [one] { $praise } word of praise
       *[other] { $praise } words of praise
    }{ $orders_named ->
        [yes] , { $orders ->
            [0] no orders
            [one] { $orders } order
           *[other] { $orders } orders
        }
       *[no] {""}
    }
said-stock-phrases = { $stock } of { $of } comments are stock phrases, under { $posts ->
        [one] { $posts } post
       *[other] { $posts } different posts
    }
said-follows-only = follows or likes the shop, no comments yet
said-no-interactions = no interactions with the shop yet
said-was-until-recently = kept at { $was } for { $days } days after the evidence for it went; today's evidence alone says { $stage }
said-mismatch = { $followers } followers, but talks about { $elsewhere }, not the shop's topics (alignment { $alignment })
said-aligned = { $followers } followers (reach { $reach }), alignment { $alignment }: shares the shop's { $common }
said-fit-elsewhere = talks about { $elsewhere }, not the shop's topics; { $followers } followers
said-fit-alignment = alignment { $alignment } with the shop's topics; { $followers } followers
said-fit-shared = talks about { $common } — the shop's topics; { $followers } followers
said-recovery = Recovery ({ $n ->
        [one] { $n } complaint
       *[other] { $n } complaints
    }): complained { $complained } → answered { $answered } → resolved { $resolved } → after: { $after } — { $recovered ->
        [yes] recovered
       *[no] not recovered
    }
said-clauses = { $parts }.
said-engaged-by = engaged: { $evidence }
said-writes-about = writes about { $topics } ({ $percent }% of their comments on the shop's topics)
said-never-answered = the shop has never answered them
said-last-answered = { $days ->
        [0] the shop answered them today
        [1] the shop last answered them yesterday
       *[other] the shop last answered them { $days } days ago
    }
said-question-open = a question of theirs is still open
said-did = { $alert ->
        [yes] alert{" "}
       *[no] {""}
    }{ $action ->
        [reply] reply ({ $state })
        [handled] handled
        [assign] assign { $detail }
        [unassign] unassign
        [snooze] snooze until { $until }
        [note] note
        [reopen] reopen
        [done] done
        [snoozed] snoozed
        [dismissed] dismissed
       *[other] { $action } { $detail }
    }

## Why an outbox message waits or was not sent.
said-recipient-unsubscribed = the recipient unsubscribed
said-unsubscribed = unsubscribed
said-wrote-since-request = they wrote to the shop after the request
said-cap-per-person = at most one message per person in { $days } days
said-complaint-open = waits until their complaint is answered
said-quiet-hours = quiet hours ({ $from }–{ $until } the recipient's time)
said-no-sender = no sender is connected for { $channel }
said-parent-erased = the message it answers is gone (erased)
said-sent-again = its sender stopped mid-send; sent again under the same key
said-may-have-left = its sender stopped mid-send; it may have left: send again or cancel
said-cancelled-by = cancelled by { $by }
said-copy-imported-first = the platform's copy was imported before it was sent here

## The daily mail of what is overdue.
digest-subject = { $shop }: { $shown } overdue
digest-mine = Assigned to you and past its answer target: { $shown }
digest-mine-line = - { $name } on { $channel }: { $waiting }
digest-past-target = past its target
digest-overdue = { $shown } things are overdue at { $shop }:
digest-alert-line = - { $kind } · { $name }: { $reason }
digest-more = … and { $shown } more.
digest-whole-list = The whole list: { $url }

## Why an import rejected a record.
said-bad-field = field `{ $field }`: { $why }
said-is-missing = is missing
said-is-empty = is empty
said-too-long-chars = is longer than { $max } characters
said-too-long-bytes = is longer than { $max } bytes
said-bad-char = contains { $found }, which is not allowed here
said-not-email = { $value } is not an email address
said-not-timestamp = { $value } is not an RFC 3339 timestamp (e.g. 2026-10-02T09:14:00Z)
said-not-a-time = { $value } is not a time this format knows (RFC 3339, e.g. 2026-10-02T09:14:00Z)
said-not-a-number = { $value } is not a number
said-not-finite = is not a finite number
said-is-negative = is negative
said-not-a-count = { $value } is not a count
said-not-true-or-false = { $value } is not true or false
said-not-currency = { $value } is not a three-letter ISO 4217 code
said-not-utf8 = line is not valid UTF-8
said-not-utf8-replaced = line { $line } is not valid UTF-8; the invalid bytes were replaced with U+FFFD and the rest was read
said-malformed-json = malformed JSON: { $problem } (column { $column })
said-document-malformed = the JSON document starting here is malformed: { $problem } (line { $line }, column { $column })
said-wrong-type = expected { $expected }, found { $found }{ $has ->
        [yes] { " " }({ $value })
       *[no] {""}
    }
said-wrong-shape = expected { $expected }, found { $found }
said-none-of-fields = not { $shape }: none of the fields { $fields } is present
said-missing-from = is missing from { $container }
said-missing-with-id = is missing, and so is `{ $id }`
said-nothing-identifies = is missing, and so is the id: nothing identifies this as an interaction
said-missing-message-id = is missing (it identifies the message, so that importing it again finds the duplicate)
said-names-no-status = names no status of this response
said-names-no-id = names no id
said-names-no-address = names no address
said-not-an-array = is not an array
said-duplicate-field = appears twice
said-unreadable-value = has a value this format cannot read
said-not-one-of = { $value } is not one of { $allowed }
said-unknown-kind = unknown kind { $value }; expected one of { $allowed }
said-nests-too-deep = elements nest more than { $max } levels deep
said-replies-too-deep = replies nest more than { $max } levels deep
said-not-mail = not a mail message: a message starts with header fields (`From:`, `Date:`, `Message-ID:` …)
said-no-header-fields = not a mail message: no header fields
said-not-utf8-text = is not UTF-8 text
said-not-mail-date = { $value } is not an RFC 2822 date (e.g. Tue, 06 Oct 2026 09:14:00 +0200)
said-unreadable-csv = unreadable CSV { $part ->
        [header] header
       *[row] row
    }{ $utf8 ->
        [yes] : field { $field } is not valid UTF-8
       *[no] {""}
    }
said-csv-no-kind-column = CSV header has no `kind` column
# What JSON text gets wrong (said-malformed-json, said-document-malformed).
said-json-eof = it ends in the middle of a value
said-json-expected-value = a value was expected
said-json-expected-punctuation = a `,`, `:`, `"` or closing bracket was expected
said-json-trailing = there is more after the value
said-json-trailing-comma = a comma stands before a closing bracket
said-json-key-not-string = a key is not a string
said-json-bad-string = a string has a bad escape, code point or control character
said-json-bad-number = a number cannot be read or is out of range
said-json-too-deep = it nests too deeply
said-json-other = it is not valid JSON
# Kinds of JSON values, found or expected (said-wrong-type, said-wrong-shape).
said-type-string = a string
said-type-number = a number
said-type-count = a whole number of at least 0
said-type-boolean = a boolean
said-type-null = null
said-type-list = an array
said-type-object = an object
said-type-text-or-number = a string or a number
said-type-other = another kind of value
# What a platform's document should have been (said-wrong-shape, said-none-of-fields).
said-shape-mastodon = a Mastodon status, notification or thread context
said-shape-jetstream = a Jetstream event object
said-shape-reddit = a Reddit listing or thing
said-shape-youtube = a YouTube API response, comment thread or comment
said-shape-facebook = a Facebook comment, paged response or webhook
said-shape-instagram = an Instagram comment, paged response, mention or webhook
said-shape-x-response = an X API response or tweet
said-shape-x-tweet = an X tweet object
said-shape-archive-tweet = a tweet of an account archive
said-shape-shopify-order = a Shopify order object
said-shape-shopify-orders = a Shopify order or a response holding orders
said-shape-woocommerce-order = a WooCommerce order object
said-shape-woocommerce-orders = a WooCommerce order or a response holding orders
# What a field was missing from (said-missing-from).
said-container-mention-notification = a mention notification
said-container-quote-notification = a quote notification
said-container-comment-thread = a comment thread
said-container-commit-event = a commit event
said-container-create = a create
