# Das Dashboard auf Deutsch (Schlüssel wie in en.ftl).

## Kopfzeile
nav-inbox = Posteingang
nav-alerts = Hinweise
nav-threads = Unterhaltungen
nav-ladder = Leiter
nav-cohorts = Kohorten
nav-influencers = Influencer
nav-report = Bericht
nav-settings = Einstellungen
nav-search = Personen und Nachrichten suchen
nav-logout = Abmelden
nav-overdue = { $shown } überfällig

## Einstellungen: die eigenen
me-title = Deine Einstellungen
me-language = Sprache des Dashboards
me-language-auto = Wie mein Browser
me-digest = Schick mir täglich eine Mail mit allem, was überfällig ist (und was mir zugewiesen ist und sein Antwortziel überschritten hat)
me-save = Meine Einstellungen speichern
me-saved = Deine Einstellungen sind gespeichert.
