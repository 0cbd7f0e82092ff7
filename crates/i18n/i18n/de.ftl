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
nav-rereading = Rapport liest gerade alle gespeicherten Nachrichten neu (nach einem Update oder einer Korrektur): Einordnungen und Plätze auf der Leiter ändern sich dabei.

## Einstellungen: die eigenen
me-title = Deine Einstellungen
me-language = Sprache des Dashboards
me-language-auto = Wie mein Browser
me-digest = Schick mir täglich eine Mail mit allem, was überfällig ist (und was mir zugewiesen ist und sein Antwortziel überschritten hat)
me-save = Meine Einstellungen speichern
me-saved = Deine Einstellungen sind gespeichert.

## Gemeinsame Wörter
download-csv = CSV herunterladen
by = von { $who }
shop = Shop
pager-pages = Seiten
pager-previous = ← Zurück
pager-next = Weiter →
pager-page-of = Seite { $page } von { $pages } · { $total } insgesamt
pager-newer = ← neuer
pager-older = älter →
pager-prev-lower = ← zurück
pager-next-lower = weiter →
snooze = Zurückstellen
snooze-for = Zurückstellen für
snooze-1h = 1 Stunde
snooze-4h = 4 Stunden
snooze-1d = 1 Tag
snooze-3d = 3 Tage
snooze-1w = 1 Woche
ago-min = { $v } Min.
ago-h = { $v } Std.
ago-d = { $v } T.
open-in-inbox = im Posteingang öffnen

## Stufen, Kennzeichen und andere feste Werte, wie sie angezeigt werden
stage-stranger = Unbekannt
stage-follower = Follower
stage-casual = Gelegentlich
stage-engaged = Engagiert
stage-fan = Fan
stage-customer = Kunde
stage-true_fan = Echter Fan
label-true_fan = echter Fan
label-evangelist = Fürsprecher
label-influencer = Influencer
label-detractor = Kritiker
label-box_ticker = Pflichtkommentierer
intent-question = Frage
intent-complaint = Beschwerde
intent-praise = Lob
intent-recommendation = Empfehlung
intent-suggestion = Vorschlag
intent-purchase_intent = Kaufabsicht
intent-generic = Floskel
intent-other = Sonstiges
language-en = Englisch
language-de = Deutsch
language-th = Thai
sentiment-negative = negativ
sentiment-neutral = neutral
sentiment-positive = positiv
kind-comment = Kommentar
kind-reply = Antwort
kind-mention = Erwähnung
kind-message = Nachricht
kind-review = Bewertung
kind-share = Geteilt
kind-like = Like
kind-follow = Folgt
kind-referral = Empfehlung
kind-post = Beitrag
kind-feedback = Feedback-Anfrage
kind-reminder = Erinnerung
kind-digest = Tagesübersicht
delivery-queued = in der Warteschlange
delivery-sending = wird gesendet
delivery-sent = gesendet
delivery-failed = fehlgeschlagen
delivery-unsure = unklar
delivery-recorded = eingetragen
delivery-cancelled = abgebrochen
order-paid = bezahlt
order-pending = offen
order-refunded = erstattet
order-cancelled = storniert
touch-gift = Geschenk
touch-sample = Probe
touch-shoutout = Erwähnung
touch-feature = Vorstellung
touch-help = Hilfe
touch-intro = Kontakt vermittelt
touch-ask = Bitte
cohort-status-planned = geplant
cohort-status-contacted = kontaktiert
cohort-status-answered = hat geantwortet
cohort-status-moved_up = aufgestiegen
cohort-status-graduated = abgeschlossen
cohort-status-given_up = aufgegeben

## Posteingang
inbox-queue = Warteschlange
inbox-plus-stock = + { $shown } Floskeln
inbox-filters = Filter
inbox-channel = Kanal
inbox-every-channel = alle Kanäle
inbox-language = Sprache
inbox-every-language = alle Sprachen
inbox-intent = Absicht
inbox-any-intent = jede Absicht
inbox-stage = Stufe
inbox-any-stage = jede Stufe
inbox-label = Kennzeichen
inbox-any-label = jedes Kennzeichen
inbox-mine = meine
inbox-new = neu seit meinem letzten Besuch
inbox-over = über dem Ziel
inbox-filter = Filtern
inbox-clear = Filter zurücksetzen
inbox-first-visit = Das ist dein erster Besuch: Alles ist neu.
inbox-new-since = Neu seit deinem vorigen Besuch ({ $when }).
inbox-stock = Floskeln
inbox-under-post = unter Beitrag { $post }
inbox-back = zurück zum Posteingang
inbox-no-match = Nichts Offenes passt zu diesen Filtern.
inbox-zero = Posteingang leer: Jede Nachricht hat eine Antwort.
inbox-priority = Priorität
inbox-stock-hint = Kommentare wie „Schöner Beitrag 👍“, pro Beitrag zusammengefasst: Sie brauchen selten jeweils eine Antwort.
inbox-stock-on = { $n } auf { $channel }
inbox-show-all = Alle { $shown } zeigen
inbox-mark-all = Alle { $shown } als erledigt markieren
inbox-selected = Ausgewählte Nachricht
inbox-waiting = wartet seit { $time }
inbox-whole-conversation = Die ganze Unterhaltung
inbox-open-on = Auf { $channel } öffnen
inbox-not-web = keine Webadresse, daher nicht verlinkt
inbox-left-queue = Diese Nachricht ist nicht mehr in der Warteschlange.
inbox-reopen = Wieder öffnen
inbox-replies = Antworten des Shops
inbox-start-from = Vorlage:
saved-reply-thanks = Danke
saved-reply-sorry = Entschuldigung
saved-reply-answer = Antwort
inbox-reply-connected = Deine Antwort, auf { $channel } als Shop gesendet
inbox-write-reply = Antwort schreiben
inbox-send-reply = Antwort senden
inbox-reply-by-hand = Deine Antwort (poste sie selbst auf { $channel }: der Kanal ist nicht verbunden)
inbox-paste-reply = Füge die gepostete Antwort ein oder schreib sie hier
inbox-record-reply = Antwort eintragen
inbox-either-way = So oder so gilt die Nachricht ab jetzt als beantwortet.
inbox-mark-handled = Als erledigt markieren
inbox-assign-to = Zuweisen an
inbox-nobody = niemand
inbox-assign = Zuweisen
inbox-history = Verlauf
inbox-notes = Notizen
inbox-note = Notiz
inbox-note-placeholder = Notiz fürs Team hinzufügen
inbox-add-note = Notiz hinzufügen
inbox-earlier = Früher
inbox-done-reply = Antwort eingetragen – die Nachricht gilt als beantwortet.
inbox-done-sent = Antwort ist unterwegs – die Nachricht gilt als beantwortet; die Seite der Person zeigt, wann sie gesendet wurde.
inbox-done-handled = Als erledigt markiert – die Nachricht ist aus der Warteschlange.
inbox-done-stock = Floskeln als erledigt markiert – sie sind aus der Warteschlange.
inbox-done-snooze = Zurückgestellt – die Nachricht kommt wieder, wenn die Zeit um ist.
inbox-done-assign = Zugewiesen.
inbox-done-note = Notiz hinzugefügt.
inbox-done-reopen = Wieder geöffnet – die Nachricht ist zurück in der Warteschlange.
correct-reading = Falsch gelesen? Es ist:
correct-not-question = keine Frage
inbox-done-correct = Korrektur gespeichert — die Lesart, die Leiter und der Posteingang folgen ihr.

## Personen, Verläufe und die Bilanz aus Geben und Bitten
ledger-empty = Noch nichts eingetragen: Gib etwas, bevor du um etwas bittest.
ledger-asked-first = { $given } gegeben, { $asked } erbeten: zuerst gebeten.
ledger-nothing-asked = { $given } gegeben, { $asked } erbeten: noch um nichts gebeten.
ledger-value-first = { $given } gegeben, { $asked } erbeten: erst gegeben.
answered-at = beantwortet { $when }
unanswered = unbeantwortet
delivery-recorded-by-hand = eingetragen (von Hand gepostet)
delivery-queued-to-send = wartet auf Versand
followers = { $shown } Follower
orders-none = keine Bestellungen
orders-summary = { $n ->
    [one] { $shown } Bestellung
   *[other] { $shown } Bestellungen
} · { $paid } bezahlt
since = seit { $when }
score-engagement = Engagement
score-loyalty = Treue
score-advocacy = Fürsprache
score-reach = Reichweite

## Die Seite einer Person
link-same_email = gleiche E-Mail
link-explicit = von Hand verknüpft
link-unlinked = getrennt
person-why = Warum
person-interests = Interessen
person-accounts = Konten
person-linked-because = Verknüpft, weil
person-stage-history = Verlauf der Stufen
person-orders = Bestellungen
person-col-order = Bestellung
person-col-total = Summe
person-col-status = Status
person-col-items = Artikel
person-given-asked = Gegeben und erbeten
person-kind = Art
person-touch-placeholder = Was der Shop gegeben oder erbeten hat
person-log-touch = Kontakt eintragen
person-touch-logged = Kontakt eingetragen.
person-sent-by-shop = Vom Shop gesendet
person-timeline = Verlauf
person-conversation = Unterhaltung
person-privacy = Datenschutz
person-export = Alles über { $name } herunterladen (JSON)
person-forget-hint = Vergessen löscht die Konten, Nachrichten, Notizen und Kontakte dieser Person und die persönlichen Daten ihrer Bestellungen endgültig; die bisherigen Zahlen im Bericht bleiben, und Importe überspringen ihre Datensätze von da an.
person-forget-confirm = Ich will { $name } (#{ $id }) vergessen; das lässt sich nicht rückgängig machen
person-forget = Diese Person vergessen

## Hinweise
severity-low = niedrig
severity-medium = mittel
severity-high = hoch
alert-unanswered = unbeantwortet
alert-new_detractor = neuer Kritiker
alert-fan_slipping = Fan rutscht ab
alert-influencer_mismatch = Influencer passt nicht
alert-bought_question = Frage zu einem Kauf
alert-repeat_complaint = erneute Beschwerde
alert-detractor_public = Kritiker öffentlich
alert-influencer_mention = Influencer erwähnt den Shop
alert-follow_up = nachfassen
alerts-due = fällig { $when }
alerts-the-conversation = die Unterhaltung
alerts-done = Erledigt
alerts-why-optional = Warum (optional)
alerts-why-dismiss = Warum verwerfen
alerts-dismiss = Verwerfen
alerts-targets = Antwortziele:
alerts-intro = Unbeantwortete Fragen und Beschwerden sind fällig, sobald ihr Ziel verstrichen ist. Neue Kritiker, Fans, die auf der Leiter abrutschen, und Influencer, deren Publikum sich für etwas anderes interessiert, sind sofort fällig. Momente aus dem, was Leute schreiben – eine Frage zu etwas Gekauftem, eine zweite Beschwerde innerhalb von 30 Tagen, ein Kritiker, der öffentlich schreibt, ein passender Influencer, der den Shop erwähnt – sind innerhalb einer Stunde fällig; ein Nachfassen am Tag, nachdem der Shop eine Frage oder Beschwerde beantwortet hat. Jeder Hinweis lässt sich erledigen, zurückstellen oder verwerfen; ein verworfener Hinweis zur Stufe einer Person bleibt weg, bis sich sein Anlass ändert.
alerts-lists-same = zeigt dasselbe.
alerts-overdue = Überfällig
alerts-most-urgent = Die { $n } dringendsten;
alerts-and = und
alerts-list-all = listen alle auf.
alerts-nothing-overdue = Nichts überfällig.
alerts-coming-up = Demnächst
alerts-shown-rest = { $n } angezeigt; die API listet den Rest.
alerts-nothing-later = Später ist nichts fällig.
alerts-done-snooze = Zurückgestellt – der Hinweis kommt wieder, wenn die Zeit um ist.
alerts-done-dismiss = Verworfen – der Hinweis bleibt weg, bis sich sein Anlass ändert.
alerts-done-done = Als erledigt markiert.

## Unterhaltungen
threads-all = alle
threads-unanswered = unbeantwortet
threads-answered = beantwortet
threads-none = Keine passenden Unterhaltungen.
threads-col-last = zuletzt aktiv
threads-col-who = wer
threads-col-started = begann mit
threads-col-messages = Nachrichten
threads-col-status = Status
threads-waiting = { $shown } warten
thread-title = Unterhaltung auf { $channel }
thread-all-answered = jede Nachricht beantwortet
thread-waiting = { $n ->
    [one] { $shown } Nachricht wartet auf eine Antwort
   *[other] { $shown } Nachrichten warten auf eine Antwort
}

## Leiter
ladder-chart = Personen pro Stufe am Ende jeder Woche
ladder-everyone-by-value = Alle, die wertvollsten zuerst
ladder-everyone-closest = Alle, die engsten zuerst
ladder-stage = Stufe: { $stage }
ladder-label = Kennzeichen: { $label }
ladder-stage-label = Stufe { $stage }, Kennzeichen { $label }
ladder-people = { $n ->
    [one] { $shown } Person
   *[other] { $shown } Personen
}
ladder-everyone = alle
ladder-movement = Bewegung
ladder-movement-hint = Wochen beginnen montags (UTC); die letzte ist die laufende Woche
ladder-closest-first = Engste zuerst
ladder-most-valuable-first = Wertvollste zuerst
ladder-value-hint = (Kundenwert in der Währung des Shops, andere Währungen mit den Kursen aus dem Profil umgerechnet)
ladder-col-name = Name
ladder-col-stage = Stufe
ladder-col-labels = Kennzeichen
ladder-col-value = Wert
ladder-col-why = warum

## Kohorten
cohort-summary = { $contacted } von { $n } kontaktiert · { $replied } geantwortet · { $moved } aufgestiegen · { $given } aufgegeben
cohort-past-graduated = { $summary } – abgeschlossen
cohort-heading = #{ $id } geplant am { $when }
cohort-heading-graduated = #{ $id } geplant am { $when } (abgeschlossen)
cohort-forgotten = (vergessen)
cohort-done-contacted = Als kontaktiert markiert.
cohort-done-replied = Als geantwortet markiert.
cohort-done-moved_up = Als aufgestiegen markiert.
cohort-done-given_up = Aufgegeben – die Kohorte geht ohne diese Person weiter.
cohort-intro = Fünf Leute auf einmal, engagiert, aber noch keine Fans: Sprich mit jeder Person über das, was ihr wichtig ist, markiere, was außerhalb von Rapport passiert ist, und die nächsten fünf werden geplant, sobald jede aufgestiegen ist oder aufgegeben wurde. Der Fortschritt bewegt sich auch von selbst: Eine Antwort des Shops zählt als „kontaktiert“, ihre Antwort als „geantwortet“, eine höhere Stufe als „aufgestiegen“.
cohort-none = Noch keine Kohorte: Plane die ersten fünf Leute, um die du dich kümmern willst.
cohort-first-step = Erster Schritt
cohort-answer-question = beantworte die offene Frage:
cohort-open-it = im Posteingang öffnen
cohort-mark-contacted = Kontaktiert
cohort-mark-replied = Geantwortet
cohort-mark-moved_up = Aufgestiegen
cohort-mark-given_up = Aufgeben
cohort-plan-hint = Solange die aktuelle Kohorte offen ist, zeigt das Planen wieder sie; sobald jedes Mitglied aufgestiegen ist oder aufgegeben wurde, werden fünf neue Leute ausgewählt.
cohort-plan = Die nächsten fünf planen
cohort-earlier = Frühere Kohorten
cohort-planned = geplant am { $when }

## Influencer
influencers-dot = { $name }: Passung { $fit } (Reichweite { $reach } × Ausrichtung { $alignment }); { $why }
influencers-x-axis = Nähe zu den Themen des Shops →
influencers-y-axis = Reichweite (Follower) →
influencers-chart = Reichweite und Ausrichtung
influencers-by-fit = Beste Passung zuerst (Reichweite × Ausrichtung)
influencers-by-reach = Größte Reichweite zuerst
influencers-by-alignment = Beste Ausrichtung zuerst
influencers-shown = { $shown } von { $total }
influencers-fit-is = Passung ist Reichweite × Ausrichtung, beide von 0 bis 1.
influencers-chart-hint = Links der gestrichelten Linie folgt ihnen das Publikum wegen etwas anderem. Fahr mit der Maus über einen Punkt, um Namen und Zahlen zu sehen.
influencers-none = Noch niemand mit der Reichweite eines Influencers.
influencers-col-person = Person und warum sie passt
influencers-col-given-asked = gegeben / erbeten
sort-fit = Passung
sort-reach = Reichweite
sort-alignment = Ausrichtung

## Bericht
report-chart-answered = Anteil beantworteter Eingänge pro Woche
report-chart-response = Mittlere erste Antwortzeit pro Woche
report-chart-gained = Gewonnene Fans und Fürsprecher pro Woche
report-series-fans = Fans
report-series-evangelists = Fürsprecher
report-all-time = gesamter Zeitraum
report-7d = 7 Tage
report-30d = 30 Tage
report-12w = 12 Wochen
report-answered = beantwortet
report-answered-hint = { $answered } von { $inbound } eingegangenen Nachrichten
report-first-response = erste Antwort
report-first-response-hint = Median; p90 { $p90 }
report-conversations = Unterhaltungen
report-conversations-hint = Verläufe mit zwei oder mehr Wechseln
report-specific = konkrete Kommentare
report-specific-hint = { $shown } waren Floskeln
report-recommendations = Empfehlungen
report-recommendations-hint = Geteiltes, Empfehlungen, Tipps an Freunde
report-true-fans = echte Fans
report-true-fans-hint = engagiert und kaufen wieder
report-evangelists = Fürsprecher
report-evangelists-hint = empfehlen den Shop weiter
report-followers = Follower
report-followers-hint = neue Follower
report-likes = Likes
report-comments = Kommentare
report-comments-hint = konkret oder nicht
report-a-year = { $amount } im Jahr
report-worth-unknown = noch keine Bestellungen echter Fans bewertbar
report-worth = ein echter Fan bringt im Schnitt { $amount } im Jahr ({ $valued } von { $now } bewertet)
report-meaningful = Was zählt
report-meaningful-hint = Beziehungen, die entstehen
report-goal = Umsatzziel
report-fans-needed = echte Fans nötig für { $goal }
report-fans-of = { $now } von { $needed } echten Fans
report-fans-now = { $now } echte Fans jetzt; { $worth }.
report-detractors = Kritiker
report-recovered = { $n } zurückgewonnen
report-recovered-hint = Zurückgewonnen: Ihre letzte Beschwerde wurde beantwortet, und was sie seitdem geschrieben haben, ist nicht negativ.
report-answer-targets = Antwortziele
report-past-target = jetzt über ihrem Ziel
report-on = auf { $channel }
report-all-in-inbox = Alle { $shown } im Posteingang
report-vanity = Eitelkeitszahlen
report-vanity-hint = zum Vergleich gezeigt
report-over-time = Im Zeitverlauf
report-weeks-monday = Wochen beginnen montags (UTC)
report-per-channel = Pro Kanal
report-col-channel = Kanal
report-col-inbound = eingegangen
report-col-answered = beantwortet
report-col-median = mittlere Antwortzeit
report-col-likes = Likes

## Suche
search = Suchen
search-placeholder = Ein Name, Handle, eine E-Mail oder Wörter aus einer Nachricht
search-hint = Jede Schrift: Thai, deutsche Komposita und Namen werden über jeden Teil ab drei Buchstaben gefunden; Groß- und Kleinschreibung und Akzente spielen keine Rolle.
search-people = Personen
search-no-people = Niemand mit diesem Namen, Handle oder dieser E-Mail.
search-messages = Nachrichten
search-shown-of = { $shown } von { $total }, die zuletzt gespeicherten
search-more = Bis zu 200 zeigen
search-no-messages = Keine Nachricht mit diesen Wörtern.
search-waiting = wartet auf Antwort

## Einstellungen: Shop, Kanäle, Importe, Benutzer und Tokens
role-admin = Admin
role-agent = Bearbeiter
role-viewer = Lesezugriff
settings-new-token = Neues API-Token
settings-shop-profile = Shop-Profil
settings-name = Name
settings-topics = Themen
settings-values = Werte
settings-goal = Ziel
settings-from = Aus { $source }
settings-built-in = eingebautes Profil
settings-admin-can = ein Admin kann es hier ändern oder mit
settings-edit-profile = Profil bearbeiten
settings-revenue-goal = Umsatzziel pro Jahr
settings-currency = Währung
settings-topics-hint = (durch Kommas getrennt, jede Sprache)
settings-comma-separated = (durch Kommas getrennt)
settings-handles = Die Handles des Shops
settings-one = ein
settings-a-line = pro Zeile
settings-rates = Wechselkurse in die Währung
settings-fast-target = Antwortziel für echte Fans, Fürsprecher, Influencer und Beschwerden von Kritikern
settings-other-target = Antwortziel für alle anderen
settings-minutes = (Minuten)
settings-timezone = Zeitzone
settings-timezone-hint = (das Dashboard zeigt jede Uhrzeit darin; ein Name wie Europe/Berlin, Asia/Bangkok oder UTC)
settings-save-profile = Profil speichern
settings-channels = Kanäle, auf denen Rapport sendet
settings-none-connected = Keiner verbunden: Hier geschriebene Antworten gelten als beantwortet und werden als von dir auf der Plattform gepostet eingetragen.
settings-connected = Verbunden:
settings-connected-hint = Antworten auf Nachrichten dort werden als Shop gesendet. Auf anderen Kanälen werden sie als von dir gepostet eingetragen.
settings-credentials = Zugangsdaten kommen aus der Konfiguration des Servers
settings-environment = Umgebung
settings-never-this-page = nie von dieser Seite.
settings-import = Importieren
settings-imported = importiert
settings-duplicates = { $n } doppelt
settings-skipped = { $n } übersprungen
settings-rejected = abgelehnt
settings-format = Format
settings-file = Datei
settings-recent-imports = Letzte Importe
settings-no-imports = Noch keine.
settings-col-when = wann
settings-col-file = Datei
settings-col-result = Ergebnis
settings-new = { $n } neu
settings-n-rejected = { $n } abgelehnt
settings-imports-memory = Die Liste kommt aus der Warteschlange der Aufträge: Jeder Server an derselben Datenbank zeigt dieselben, die letzten 20 erledigten Importe.
settings-import-queued = Die Datei wird importiert (Auftrag { $job }); sie erscheint unter den letzten Importen, sobald sie fertig ist.
settings-users = Benutzer
settings-col-email = E-Mail
settings-col-role = Rolle
settings-col-since = seit
settings-remove = entfernen
settings-add-user-title = Benutzer hinzufügen
settings-email = E-Mail
settings-role = Rolle
settings-password = Passwort
settings-add-user = Benutzer hinzufügen
settings-tokens = API-Tokens
settings-send-as = Senden als
settings-api-described = Die API ist beschrieben unter
settings-col-token = Token
settings-col-user = Benutzer
settings-col-created = erstellt
settings-col-used = zuletzt benutzt
settings-col-expires = läuft ab
settings-expired = abgelaufen { $when }
settings-revoke = widerrufen
settings-create-token-title = Token erstellen
settings-for = Für
settings-valid-days = Gültig für Tage
settings-create-token = Token erstellen
settings-never = nie
settings-rejection = Zeile { $line }: { $reason }
settings-added = { $email } als { $role } hinzugefügt.
settings-removed = { $email } entfernt: { $tokens } Tokens widerrufen, { $sessions } Sitzungen beendet.
settings-copy-token = Kopiere das Token jetzt: Es wird nicht noch einmal gezeigt.
settings-profile-saved = Profil gespeichert in { $path }.
settings-profile-not-saved = Das Profil wurde nicht gespeichert: { $problem }
settings-choose-format = wähle ein Format
settings-choose-file = wähle eine Datei
settings-file-empty = die Datei ist leer
settings-nothing-imported = Nichts wurde importiert: { $problem }
settings-nothing-imported-because = Nichts wurde importiert: { $problem }.

## Seiten ohne angemeldeten Benutzer: Anmeldung, Abmeldung, Fehler
login-title = Anmelden
login-tagline = Wer deine echten Fans sind und wer auf eine Antwort wartet.
login-expired = Das Anmeldeformular ist abgelaufen. Bitte versuch es noch einmal.
login-too-many = Zu viele Fehlversuche. Warte eine Minute und versuch es dann noch einmal.
login-busy = Der Server prüft gerade andere Anmeldungen. Versuch es gleich noch einmal.
login-wrong = E-Mail oder Passwort falsch.
unsubscribe-invalid = Dieser Abmeldelink ist ungültig (vielleicht wurde er abgeschnitten). Antworte stattdessen auf die Mail, dann tragen wir dich von Hand aus.
unsubscribe-done = Erledigt: { $address } bekommt keine Bitten um Feedback oder Erinnerungen mehr von { $shop }. Antworten auf das, was du uns schreibst, erreichen dich weiterhin.
unsubscribe-ask = Keine Bitten um Feedback oder Erinnerungen mehr von { $shop } an { $address }?
unsubscribe-button = Abmelden
error-back = Zurück zum Posteingang
status-400 = Ungültige Anfrage
status-401 = Nicht angemeldet
status-403 = Kein Zugriff
status-404 = Nicht gefunden
status-409 = Konflikt
status-413 = Zu groß
status-429 = Zu viele Anfragen
status-500 = Interner Fehler
status-503 = Nicht verfügbar
error-detail = Einzelheiten
status-400-says = Diese Adresse verlangt etwas, das die Seite nicht lesen kann. Prüf den Teil nach dem Fragezeichen.
status-401-says = Melde dich an, um diese Seite zu sehen.
status-403-says = Deine Rolle darf diese Seite nicht öffnen; ein Admin kann das ändern.
status-404-says = Unter dieser Adresse gibt es nichts.
status-409-says = Jemand hat das inzwischen geändert. Lade die Seite neu und versuch es noch einmal.
status-413-says = Das Gesendete ist größer, als Rapport annimmt.
status-429-says = Zu viele Anfragen in kurzer Zeit. Warte einen Moment und versuch es noch einmal.
status-500-says = Bei uns ist etwas schiefgegangen; es wurde protokolliert.
status-503-says = Rapport kann gerade nicht antworten. Versuch es gleich noch einmal.

## Die Sätze der Engine (rapport_core::said): Gründe im Posteingang,
## Warnungen, Belege, Passung, Kohorten, Erholung, Verlauf eines Eintrags.

said-span-min = { $n } Min.
said-span-h = { $n } Std.
said-span-days = { $n ->
        [one] { $n } Tag
       *[other] { $n } Tage
    }
said-target-min = { $n } Min.
said-target-hour = { $n } Std.
said-target-day = { $n ->
        [one] { $n } Tag
       *[other] { $n } Tage
    }
said-short-thousands = { $n } Tsd.
said-short-millions = { $n } Mio.
said-and = und
said-not-yet = noch nicht
said-nothing-yet = noch nichts
said-nothing = {""}
said-other-things = anderes
said-interests = Interessen
said-complaint = Beschwerde
said-question = Frage
said-label = { $label }
said-stock-phrase = Floskel
said-waiting-past = Wartezeit { $waited }, Ziel ({ $target }) überschritten
said-waiting-left = Wartezeit { $waited }, noch { $left } bis zum Ziel ({ $target })
said-answered-after = beantwortet, Wartezeit { $waited }
said-target-rule = { $fast } für echte Fans, Fürsprecher, Influencer und Beschwerden von Kritikern; { $other } für alle anderen.
said-unanswered = { $what ->
        [complaint] Beschwerde
       *[question] Frage
    }{ $vip ->
        [true_fan] {" "}eines echten Fans
        [evangelist] {" "}eines Fürsprechers
        [influencer] {" "}eines Influencers
        [detractor] {" "}eines Kritikers
       *[none] {""}
    } auf { $channel }: { $waiting }.
said-became-detractor = Seit { $day } Kritiker: { $why }.
said-fan-falling = Ein Fan, still seit { $quiet }, der am { $day } auf die Stufe „{ $stage }“ zurückfällt, wenn der Shop sich nicht meldet.
said-fan-fell = Bis { $day } ein Fan, jetzt „{ $stage }“: weniger konkrete Worte in den letzten { $days } Tagen.
said-other-interests = Große Reichweite, andere Interessen: { $why }.
said-bought-question = Fragt auf { $channel } nach { $product }, schon gekauft: jetzt eine Antwort von einem Menschen.
said-repeat-complaint = Zweite Beschwerde innerhalb von 30 Tagen, auf { $channel }: persönlich anrufen oder schreiben.
said-detractor-public = Ein Kritiker schrieb öffentlich, auf { $channel }: öffentlich und freundlich antworten.
said-influencer-mention = Ein Influencer, dessen Publikum zum Shop passt, schrieb auf { $channel } über ihn: danke sagen.
said-follow-up = Der Shop hat auf { $channel } geantwortet ({ $when ->
        [ago] { $ago } her
       *[yesterday] gestern
    }): nachfragen, wie es lief.
said-specific-comments = { $n ->
        [one] { $n } konkreter Kommentar
       *[other] { $n } konkrete Kommentare
    } in den letzten { $days } Tagen
said-conversations = { $n ->
        [one] { $n } Antwort
       *[other] { $n } Antworten
    } in Gesprächen mit dem Shop
said-peer-talk = { $n ->
        [one] einmal
       *[other] { $n }-mal
    } unter Beiträgen des Shops mit anderen gesprochen
said-orders = { $n ->
        [one] { $n } Bestellung
       *[other] { $n } Bestellungen
    }, { $amounts }{ $converted ->
        [yes] {" "}(≈ { $worth }{ $unrated ->
            [yes] , Währungen ohne Kurs nicht eingerechnet
           *[no] {""}
        })
       *[no] {""}
    }
said-recommended = hat den Shop { $n ->
        [one] einmal
       *[other] { $n }-mal
    } empfohlen oder geteilt
said-followers = { $n } Follower
said-detractor = { $complaints ->
        [one] { $complaints } Beschwerde
       *[other] { $complaints } Beschwerden
    } gegenüber { $praise } Mal Lob{ $orders_named ->
        [yes] , { $orders ->
            [0] keine Bestellung
            [one] { $orders } Bestellung
           *[other] { $orders } Bestellungen
        }
       *[no] {""}
    }
said-stock-phrases = { $stock } von { $of } Kommentaren sind Floskeln, unter { $posts ->
        [one] { $posts } Beitrag
       *[other] { $posts } verschiedenen Beiträgen
    }
said-follows-only = folgt dem Shop oder gibt Likes, noch keine Kommentare
said-no-interactions = noch keine Interaktionen mit dem Shop
said-was-until-recently = bleibt „{ $was }“ noch { $days } Tage, nachdem die Belege dafür wegfielen; die heutigen Belege allein ergeben „{ $stage }“
said-mismatch = { $followers } Follower, spricht aber über { $elsewhere }, nicht über die Themen des Shops (Passung { $alignment })
said-aligned = { $followers } Follower (Reichweite { $reach }), Passung { $alignment }: gemeinsam mit dem Shop: { $common }
said-fit-elsewhere = spricht über { $elsewhere }, nicht über die Themen des Shops; { $followers } Follower
said-fit-alignment = Passung { $alignment } mit den Themen des Shops; { $followers } Follower
said-fit-shared = spricht über { $common } – die Themen des Shops; { $followers } Follower
said-recovery = Erholung ({ $n ->
        [one] { $n } Beschwerde
       *[other] { $n } Beschwerden
    }): beschwert { $complained } → beantwortet { $answered } → gelöst { $resolved } → danach: { $after } — { $recovered ->
        [yes] erholt
       *[no] nicht erholt
    }
said-clauses = { $parts }.
said-engaged-by = engagiert: { $evidence }
said-writes-about = schreibt über { $topics } ({ $percent } % der Kommentare zu den Themen des Shops)
said-never-answered = der Shop hat nie geantwortet
said-last-answered = { $days ->
        [0] der Shop hat heute geantwortet
        [1] letzte Antwort des Shops gestern
       *[other] letzte Antwort des Shops vor { $days } Tagen
    }
said-question-open = eine Frage ist noch offen
said-did = { $alert ->
        [yes] Warnung{" "}
       *[no] {""}
    }{ $action ->
        [reply] Antwort ({ $state })
        [handled] erledigt
        [assign] zugewiesen an { $detail }
        [unassign] Zuweisung aufgehoben
        [snooze] zurückgestellt bis { $until }
        [note] Notiz
        [reopen] wieder geöffnet
        [done] erledigt
        [snoozed] zurückgestellt
        [dismissed] verworfen
       *[other] { $action } { $detail }
    }

## Why an outbox message waits or was not sent.
said-recipient-unsubscribed = der Empfänger hat sich abgemeldet
said-unsubscribed = abgemeldet
said-wrote-since-request = hat dem Shop nach der Anfrage geschrieben
said-cap-per-person = höchstens eine Nachricht pro Person in { $days ->
        [one] { $days } Tag
       *[other] { $days } Tagen
    }
said-complaint-open = wartet, bis die Beschwerde beantwortet ist
said-quiet-hours = Ruhezeit ({ $from }–{ $until } Uhr beim Empfänger)
said-no-sender = für { $channel } ist kein Versand verbunden
said-parent-erased = die beantwortete Nachricht gibt es nicht mehr (gelöscht)
said-sent-again = der Versand brach mittendrin ab; erneut unter demselben Schlüssel gesendet
said-may-have-left = der Versand brach mittendrin ab; die Nachricht ist vielleicht schon draußen: erneut senden oder abbrechen
said-cancelled-by = abgebrochen von { $by }
said-copy-imported-first = die Kopie der Plattform wurde importiert, bevor sie von hier gesendet wurde

## The daily mail of what is overdue.
digest-subject = { $shop }: { $shown } überfällig
digest-mine = Dir zugewiesen und über dem Antwortziel: { $shown }
digest-mine-line = - { $name } auf { $channel }: { $waiting }
digest-past-target = über dem Antwortziel
digest-overdue = { $n ->
        [one] Bei { $shop } ist { $shown } Punkt überfällig:
       *[other] Bei { $shop } sind { $shown } Punkte überfällig:
    }
digest-alert-line = - { $kind } · { $name }: { $reason }
digest-more = … und { $shown } weitere.
digest-whole-list = Die ganze Liste: { $url }

## Why an import rejected a record.
said-bad-field = Feld `{ $field }`: { $why }
said-is-missing = fehlt
said-is-empty = ist leer
said-too-long-chars = ist länger als { $max } Zeichen
said-too-long-bytes = ist länger als { $max } Byte
said-bad-char = enthält { $found }, das hier nicht erlaubt ist
said-not-email = { $value } ist keine E-Mail-Adresse
said-not-timestamp = { $value } ist kein Zeitstempel nach RFC 3339 (z. B. 2026-10-02T09:14:00Z)
said-not-a-time = { $value } ist keine Zeitangabe, die dieses Format kennt (RFC 3339, z. B. 2026-10-02T09:14:00Z)
said-not-a-number = { $value } ist keine Zahl
said-not-finite = ist keine endliche Zahl
said-is-negative = ist negativ
said-not-a-count = { $value } ist keine Anzahl
said-not-true-or-false = { $value } ist weder true noch false
said-not-currency = { $value } ist kein Währungscode aus drei Buchstaben nach ISO 4217
said-not-utf8 = die Zeile ist kein gültiges UTF-8
said-not-utf8-replaced = Zeile { $line } ist kein gültiges UTF-8; die ungültigen Bytes wurden durch U+FFFD ersetzt und der Rest wurde gelesen
said-malformed-json = fehlerhaftes JSON: { $problem } (Spalte { $column })
said-document-malformed = das hier beginnende JSON-Dokument ist fehlerhaft: { $problem } (Zeile { $line }, Spalte { $column })
said-wrong-type = erwartet wurde { $expected }, gefunden wurde { $found }{ $has ->
        [yes] { " " }({ $value })
       *[no] {""}
    }
said-wrong-shape = erwartet wurde { $expected }, gefunden wurde { $found }
said-none-of-fields = erwartet wurde { $shape }, aber keines der Felder { $fields } ist vorhanden
said-missing-from = fehlt in { $container }
said-missing-with-id = fehlt, und `{ $id }` fehlt auch
said-nothing-identifies = fehlt, und die ID fehlt auch: nichts weist dies als Interaktion aus
said-missing-message-id = fehlt (sie kennzeichnet die Nachricht, damit ein erneuter Import das Duplikat erkennt)
said-names-no-status = nennt keinen Status dieser Antwort
said-names-no-id = nennt keine ID
said-names-no-address = nennt keine Adresse
said-not-an-array = ist keine Liste
said-duplicate-field = kommt zweimal vor
said-unreadable-value = hat einen Wert, den dieses Format nicht lesen kann
said-not-one-of = { $value } ist keiner der Werte { $allowed }
said-unknown-kind = unbekannte Art { $value }; erlaubt sind { $allowed }
said-nests-too-deep = Elemente sind tiefer als { $max } Ebenen verschachtelt
said-replies-too-deep = Antworten sind tiefer als { $max } Ebenen verschachtelt
said-not-mail = keine E-Mail-Nachricht: eine Nachricht beginnt mit Kopfzeilen (`From:`, `Date:`, `Message-ID:` …)
said-no-header-fields = keine E-Mail-Nachricht: keine Kopfzeilen
said-not-utf8-text = ist nicht in UTF-8 lesbar
said-not-mail-date = { $value } ist kein Datum nach RFC 2822 (z. B. Tue, 06 Oct 2026 09:14:00 +0200)
said-unreadable-csv = nicht lesbare CSV-{ $part ->
        [header] Kopfzeile
       *[row] Zeile
    }{ $utf8 ->
        [yes] : Feld { $field } ist kein gültiges UTF-8
       *[no] {""}
    }
said-csv-no-kind-column = der CSV-Kopfzeile fehlt die Spalte `kind`
said-json-eof = es endet mitten in einem Wert
said-json-expected-value = hier wurde ein Wert erwartet
said-json-expected-punctuation = hier wurde `,`, `:`, `"` oder eine schließende Klammer erwartet
said-json-trailing = nach dem Wert folgt noch etwas
said-json-trailing-comma = vor einer schließenden Klammer steht ein Komma
said-json-key-not-string = ein Schlüssel ist keine Zeichenkette
said-json-bad-string = eine Zeichenkette enthält eine ungültige Maskierung, einen ungültigen Codepunkt oder ein Steuerzeichen
said-json-bad-number = eine Zahl ist nicht lesbar oder liegt außerhalb des Bereichs
said-json-too-deep = es ist zu tief verschachtelt
said-json-other = es ist kein gültiges JSON
said-type-string = eine Zeichenkette
said-type-number = eine Zahl
said-type-count = eine ganze Zahl ab 0
said-type-boolean = ein Wahrheitswert
said-type-null = null
said-type-list = eine Liste
said-type-object = ein Objekt
said-type-text-or-number = eine Zeichenkette oder eine Zahl
said-type-other = eine andere Art von Wert
said-shape-mastodon = ein Mastodon-Status, eine Benachrichtigung oder ein Unterhaltungskontext
said-shape-jetstream = ein Ereignisobjekt von Jetstream
said-shape-reddit = eine Reddit-Liste oder ein Reddit-Eintrag
said-shape-youtube = eine Antwort der YouTube-API, ein Kommentarstrang oder ein Kommentar
said-shape-facebook = ein Facebook-Kommentar, eine seitenweise Antwort oder ein Webhook
said-shape-instagram = ein Instagram-Kommentar, eine seitenweise Antwort, eine Erwähnung oder ein Webhook
said-shape-x-response = eine Antwort der X-API oder ein Tweet
said-shape-x-tweet = ein Tweet-Objekt von X
said-shape-archive-tweet = ein Tweet aus einem Kontoarchiv
said-shape-shopify-order = ein Bestellobjekt von Shopify
said-shape-shopify-orders = eine Shopify-Bestellung oder eine Antwort mit Bestellungen
said-shape-woocommerce-order = ein Bestellobjekt von WooCommerce
said-shape-woocommerce-orders = eine WooCommerce-Bestellung oder eine Antwort mit Bestellungen
said-container-mention-notification = einer Benachrichtigung über eine Erwähnung
said-container-quote-notification = einer Benachrichtigung über ein Zitat
said-container-comment-thread = einem Kommentarstrang
said-container-commit-event = einem Commit-Ereignis
said-container-create = einem Erstellungsereignis
