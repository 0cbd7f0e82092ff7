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

## Settings: the user's own
me-title = Your settings
me-language = Language of the dashboard
me-language-auto = As my browser says
me-digest = Send me a daily mail of what is overdue (and what is assigned to me past its target)
me-save = Save my settings
me-saved = Your settings are saved.
