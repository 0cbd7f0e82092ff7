//! German phrase banks. `{dp}`, `{dpa}` and `{dpd}` are the product with
//! its article in nominative, accusative and dative; `{Dp}` starts a
//! sentence. `{place}` carries its preposition ("im Harz").

use super::{a, bg, eb, ev, g, hm, sv, ty, w, Cat, Hint, Tpl, Vocab};
use crate::shop::Topic;

pub(super) static VOCAB: Vocab = Vocab {
    places: &[
        "im Harz",
        "im Schwarzwald",
        "im Pfälzerwald",
        "im Allgäu",
        "im Taunus",
        "im Erzgebirge",
        "im Odenwald",
        "in der Fränkischen Schweiz",
        "am Gardasee",
        "in Saalbach",
        "auf der Schwäbischen Alb",
    ],
    cities: &[
        "Berlin",
        "München",
        "Freiburg",
        "Leipzig",
        "Hamburg",
        "Köln",
        "Stuttgart",
        "Wien",
        "Zürich",
        "Dresden",
        "Nürnberg",
        "Münster",
    ],
    rides: &[
        "Schotter-Sonntag-Runde",
        "Feierabendrunde",
        "Harz-Enduro-Tour",
        "Nachtrunde",
        "Kaffeerunde",
        "Herbst-Gravel-Tour",
    ],
    bikes: &[
        "Hardtail",
        "Fully",
        "Gravelbike",
        "E-MTB",
        "Rennrad",
        "Reiserad",
        "Enduro",
    ],
    colours: &["Oliv", "Sandbeige", "Schwarz", "Orange", "Petrol"],
    bios: &[
        "Trails, Kaffee und Kettenfett",
        "Gravel & Brezeln",
        "Wochenendkrieger auf zwei Rädern",
        "Bikepacking mit Umwegen",
        "Pendler, Papa, Feierabendbiker",
        "Seit 2010 auf Singletrails unterwegs",
        "Pflegerin am Tag, Nightrides am Abend",
        "Trailbauer aus dem Taunus",
        "Langsam bergauf, schnell beim Kuchen",
        "Lerne gerade springen 🙃",
    ],
    bios_aligned: &[
        "MTB-Videos jeden Freitag | Kooperationen per DM",
        "Gravel-Abenteuer und Bikepacking-Guides",
        "Outdoor-Fotograf | Alpen & Dolomiten",
        "Enduro-Racerin und Coach | Fahrtechnik-Tipps",
    ],
    bios_other: &[
        "Mode, Reisen und Outfits des Tages",
        "Krypto, Börse und Motivation",
        "Food & Lifestyle aus Hamburg",
        "Fitnesscoach | HYROX | Mindset",
    ],
    itopics: [
        &["Mountainbiken", "Gravel", "Bikepacking", "Outdoor-Reisen"],
        &["Mode", "Krypto", "Lifestyle", "Fitness"],
    ],
};

static QUESTION: &[Tpl] = &[
    ty("Passt {dp} auch auf Felgen mit {mm} mm Innenweite?").h(Hint::Tyre),
    ty("Mit wie viel bar fahrt ihr {dpa} auf steinigen Trails {place}?").h(Hint::Tyre),
    ty("Gibt es {dpa} auch in {size}?").h(Hint::Stock),
    a("Wie schwer ist {dp} ungefähr?").h(Hint::Spec),
    a("Wann ist {dp} wieder lieferbar?").h(Hint::Stock),
    ty("Kann ich {dpa} auch ohne Kompressor tubeless montieren?").h(Hint::Tyre),
    w("Kommt {dp} auch in {colour}?").h(Hint::Stock),
    a("Wie lange dauert der Versand von {dpd} nach {city}?").h(Hint::Stock),
    hm("Fällt {dp} in {size} eher klein oder groß aus?").h(Hint::Spec),
    bg("Passt ein Sommerschlafsack in {dpa}?").h(Hint::Spec),
    eb("Wie lange lädt {dp} von leer auf voll?").h(Hint::Spec),
    sv("Habt ihr nächste Woche noch einen Termin für {dpa}?").h(Hint::Service),
    ev("Startet die {ride} am Laden oder direkt am Trail?").h(Hint::Ride),
    ev("Gibt es für die {ride} {place} eine GPX-Datei?").h(Hint::Ride),
    a("Was ist der Unterschied zwischen {dpd} und dem Vorgängermodell?").h(Hint::Spec),
    bg("Wie wasserdicht ist {dp} bei richtigem Regen, nicht nur Niesel?").h(Hint::Spec),
    ev("Wie heftig ist der Anstieg bei der {ride}, schaffen das auch Einsteiger?").h(Hint::Ride),
    ty("Wie viele Kilometer hält {dp} auf gemischtem Schotter?").h(Hint::Spec),
];

static REMARK: &[Tpl] = &[
    ty("Fahre {dpa} jetzt mit {psi} bar am {bike}, bisher {km} km"),
    ev("Sonntag die {ride} {place} gefahren, {km} km und jede Menge Matsch"),
    ty("Hab {dpa} vor der Tour {place} montiert, hat etwa {n} Minuten gedauert"),
    sv("Mein {bike} hat seit {dpd} bei euch {km} km gesammelt"),
    bg("{n} Nächte an der Ostsee mit {dpd}, alles ist trocken angekommen"),
    g("Erste Runde mit {dpd} heute, der Anstieg {place} fühlt sich schon anders an"),
    ev("Der Anstieg {place} war härter als gedacht, oben gab es aber Kuchen"),
    g("Seit {n} Wochen pendle ich mit {dpd} durch {city}"),
    ev("Unser Verein plant nächsten Monat eine Runde mit {km} km bei {city}, fast die gleiche Strecke wie in eurem Post"),
    w("Hab {dpa} in {colour} geordert, sollte vor dem Wochenende ankommen"),
    ev("Die Trailcrew {place} hat den unteren Abschnitt nach dem Sturm neu gebaut"),
    ty("Bei Nässe {place} mit {dpd} unterwegs gewesen, {km} km ohne Rutscher"),
];

static PRAISE: &[Tpl] = &[
    ty("{Dp} rollt auf Asphalt angenehm leise und greift trotzdem im Nassen. Bin begeistert!"),
    g("Mit {dpd} hat die Abfahrt {place} doppelt Spaß gemacht, danke!"),
    sv("Danke an die Werkstatt, mein {bike} schaltet nach {dpd} wieder wie neu"),
    ty("Nach {km} km mit {dpd} kein einziger Platten, sehr zufrieden"),
    ev("Die {ride} war die schönste Gruppenausfahrt dieses Jahr, danke fürs Organisieren"),
    bg("Unglaublich, was in {dpa} alles reinpasst. {n} Tage {place} ohne Probleme. Klasse!"),
    g("Perfekter Sitz am {bike}, {dp} wirkt wie dafür gemacht"),
    hm("{Dp} sitzt super und ist auch bei 30 Grad angenehm luftig"),
    a("Danke für die schnelle Hilfe im Laden, {dp} passt jetzt perfekt"),
    g("Bin so froh, dass ich {dpa} vor der Tour {place} geholt habe. Super Teil!"),
];

static SUGGESTION: &[Tpl] = &[
    w("Wäre cool, {dpa} nächste Saison auch in {colour} zu sehen"),
    ev("Vielleicht mal eine Einsteigerversion der {ride} für Leute, die neu beim Gravel sind?"),
    sv("Ein Werkstattabend zum Thema Tubeless in {city} wäre richtig hilfreich"),
    a("Bitte auf der Produktseite das Gewicht jeder Größe angeben, das würde bei der Auswahl helfen"),
    a("Eine Ersatzteilliste für {dpa} im Shop wäre praktisch"),
    hm("{Dp} in {size} mit MIPS wäre für viele im Verein interessant"),
];

static INTENT: &[Tpl] = &[
    a("Wo kann ich {dpa} in {city} kaufen?"),
    a("Kann ich {dpa} diese Woche im Laden abholen?"),
    a("Überlege, {dpa} für mein {bike} zu holen. Ist das gerade auf Lager?"),
    a("Was kostet {dp} mit Versand nach {city}?"),
    ty("Brauche {n} Reifen in {size}. Habt ihr so viele auf Lager?"),
    ty("Gibt es {dpa} in {size} nur online oder auch im Laden?"),
];

static GENERIC: &[Tpl] = &[
    a("Toll!"),
    a("Klasse!"),
    a("Mega 😍"),
    a("Sehr schön"),
    a("Geil 🔥"),
    a("Super!"),
    a("Cool Bild"),
    a("Starker Post 💪"),
    a("Schön!"),
    a("Top 👍"),
    a("🔥🔥🔥"),
];

static RECOMMEND: &[Tpl] = &[
    g("{friend} schau mal, {dp} wäre was für dein {bike}"),
    ev("{friend} die {ride} nächsten Monat, bist du dabei?"),
    sv("Kann {shop} nur empfehlen, die haben mein {bike} an einem Tag fertig gemacht"),
    ty("Wer {place} fährt, muss {dpa} probieren. Schaut euch den Laden an!"),
    g("Ich empfehle {dpa} jedem in unserem Verein, {km} km und hält"),
    a("Schau dir mal {dpa} an, {friend}"),
    bg("Bester Laden für Bikepacking-Zeug in {city}, müsst ihr hin!"),
    ev("{friend} {friend2} wer kommt mit zur {ride}?"),
    a("Ehrlich, schaut euch {shop} an, bevor ihr woanders kauft"),
];

static COMPLAINT: &[Tpl] = &[
    a("{Dp} kam kaputt an und niemand antwortet auf meine Mail"),
    a("Warte seit {days} Tagen auf meine Erstattung für {dpa}"),
    hm("{size} geordert, falsche Größe bekommen. Echt enttäuscht"),
    g("Nach {km} km ist {dp} gerissen, sehr unzufrieden"),
    a("Drei Mails zu Bestellung {order} und immer noch keine Antwort"),
    sv("Mein {bike} war {days} Tage in der Werkstatt und die Schaltung ist immer noch schlecht eingestellt"),
    a("Expressversand nach {city} bezahlt und das Paket ist {days} Tage zu spät. Ärgerlich."),
    a("Reklamation läuft seit Wochen, nie wieder bei euch"),
    bg("Enttäuscht von {dpd}, der Reißverschluss ist bei der ersten Tour {place} gerissen"),
    g("{Dp} war eindeutig gebraucht, überall Kratzer. Schlechter Service"),
];

static COMPLAINT_BACK: &[Tpl] = &[
    a("Warte immer noch, angekommen ist nichts"),
    a("Fotos hab ich vor {days} Tagen geschickt, immer noch keine Antwort"),
    a("Der Ersatz ist auch kaputt, unglaublich"),
    a("Das habt ihr letzte Woche auch gesagt. Warte seit Tagen auf das Geld."),
];

static INFO_BACK: &[Tpl] = &[
    a("Auftragsnummer ist {order}, Fotos sind per Mail unterwegs"),
    a("Gekauft im Laden in {city}, falls das wichtig ist"),
    a("Hab euch die Details per DM geschickt"),
    a("Alles klar, dann bringe ich mein {bike} am Samstag vorbei"),
    a("Gekauft im Frühjahr, der Beleg ist in der DM"),
    a("Okay, dann warte ich auf eure Nachricht"),
];

static THANKS_BACK: &[Tpl] = &[
    a("Danke, das hilft mir sehr!"),
    a("Perfekt, dann nehme ich die Größe"),
    a("Super, danke für die schnelle Antwort!"),
    a("Danke, probiere am Wochenende {psi} bar"),
    a("Klasse, dann sehen wir uns bei der {ride}!"),
];

static RECOVERED_BACK: &[Tpl] = &[
    a("Der Ersatz ist heute angekommen und passt. Danke fürs Kümmern"),
    a("Das Geld ist wieder auf dem Konto, danke für die Lösung"),
    a("Okay, {dp} funktioniert jetzt. Danke fürs Nachhaken"),
];

static HELPER: &[Tpl] = &[
    ty("Ich fahre {dpa} auf {mm} mm Felgen, passt ohne Probleme"),
    a("Hatte dieselbe Frage, im Laden in {city} durfte ich vorher probieren"),
    a("Tubeless ging bei mir mit der Standpumpe, etwas Seifenwasser hilft"),
    a("Wir sind die Strecke letzten Monat gefahren, der Schotterabschnitt {place} ist ruppig"),
    a("Meins war nach {n} Tagen in {city}, sollte also passen"),
];

static MESSAGE_Q: &[Tpl] = &[
    ty("Hallo, ich habe letzte Woche {dpa} geordert. Kann ich noch auf {size} tauschen?")
        .h(Hint::Order),
    a("Hallo, habt ihr nächste Woche einen Werkstatttermin für mein {bike}?").h(Hint::Service),
    a("Hi, könnt ihr mir die Rechnung zu Auftrag {order} nochmal schicken?").h(Hint::Order),
    a("Gibt es bei euch Gutscheine? Möchte einer Freundin in {city} eine Freude machen"),
    a("Hallo, ist bei {dpd} ein Ersatzteilset dabei oder kostet das extra?").h(Hint::Spec),
];

static REVIEW_POS: &[Tpl] = &[
    ty("{Dp}: guter Grip, leicht zu montieren, Lieferung nach {city} in {n} Tagen. Zufrieden!"),
    a("Sehr zufrieden mit {dpd} und der Beratung am Telefon"),
    a("Schnelle Lieferung, passt perfekt an mein {bike}. Danke {shop}!"),
    g("Solide Qualität, {dp} hat schon {km} km hinter sich. Klasse!"),
];

static REVIEW_NEG: &[Tpl] = &[
    a("Ein Stern. {Dp} kam kaputt an, die Erstattung dauert ewig"),
    hm("Falsche Größe geliefert und warte seit {days} Tagen auf den Umtausch"),
    g("Unzufrieden: {dp} ist nach der zweiten Fahrt gerissen"),
];

static COLLAB: &[Tpl] = &[
    a("Hallo {shop}-Team, ich mache Content über {itopic} für rund {nk}k Follower und würde gern {dpa} vorstellen. Wer ist für Kooperationen zuständig?"),
    a("Hi, wir drehen nächsten Monat eine Serie über {itopic} {place}. Habt ihr Interesse, {dpa} zum Testen zu schicken?"),
];

static MENTION: &[Tpl] = &[
    a("Heute {dpa} bei {shop} in {city} abgeholt, Fahrbericht folgt"),
    a("Die Werkstatt von {shop} hat gerade neue Beläge an mein {bike} gebaut"),
    ev("Samstag geht's mit der {shop}-Crew zur {ride}"),
];

static SHARE: &[Tpl] = &[
    a("Für unsere Tour {place}"),
    a("Merken für die {ride}"),
    a("Schaut mal"),
];

static REFERRAL: &[Tpl] = &[a("Empfehlungscode {code} von einem Neukunden eingelöst")];

static ANSWER_QUESTION: &[Tpl] = &[
    a("Hi {name}! Ja, {dp} passt auf {mm} mm Innenweite. Wir würden mit {psi} bar starten.").h(Hint::Tyre),
    a("Tubeless klappt mit einer guten Standpumpe, {name}. Etwas Seifenwasser an der Wulst hilft, dann mit {psi} bar starten.").h(Hint::Tyre),
    a("Danke für die Frage, {name}! {Dp} ist etwas leichter als das Vorgängermodell, alle Daten stehen auf der Produktseite.").h(Hint::Spec),
    a("Gute Frage, {name}! Wir haben heute früh im Laden nachgemessen, die Details sind in deinen DMs 🙂").h(Hint::Spec),
    a("Gute Frage, {name}! Ab nächster Woche ist wieder alles da, wir geben Bescheid.").h(Hint::Stock),
    a("Hi {name}, ja! Geht innerhalb von 1 bis 2 Tagen raus.").h(Hint::Stock),
    a("Hi {name}, die {ride} startet um 9 Uhr am Laden, die GPX-Datei findest du in unserer Bio.").h(Hint::Ride),
    a("Einsteiger sind herzlich willkommen, {name}! Wir warten an jeder Kreuzung.").h(Hint::Ride),
    a("Hi {name}, Dienstag und Donnerstag sind noch Werkstatttermine frei. Einfach online buchen oder vorbeikommen.").h(Hint::Service),
    a("Klar, {name}! Erledigt, schau mal in dein Postfach.").h(Hint::Order),
    a("Kein Problem, {name}. Schick uns deine Auftragsnummer, wir ändern das heute noch.").h(Hint::Order),
    a("Hey {name}, wir haben dir die Details per DM geschickt 🙂"),
    a("Danke für die Frage, {name}! Wir schauen nach und melden uns heute noch."),
];

static ANSWER_COMPLAINT: &[Tpl] = &[
    a("Das tut uns wirklich leid, {name}. Schick uns bitte deine Auftragsnummer per DM, wir kümmern uns heute noch darum."),
    a("Entschuldige die Wartezeit, {name}! Dein Fall liegt beim Service, der Ersatz geht morgen raus."),
    a("Das darf nicht passieren, {name}. Schick uns bitte ein Foto per DM, wir regeln das."),
];

static ANSWER_PRAISE: &[Tpl] = &[
    a("Danke dir, {name}! Viel Spaß auf den Trails 🚵"),
    a("Das freut uns riesig, {name}!"),
    a("Schön, dass du mit uns unterwegs bist, {name} 🙌"),
];

static ANSWER_SUGGESTION: &[Tpl] = &[
    a("Notiert, {name}! Wir geben das ans Produktteam weiter."),
    a("Gute Idee, {name}, wir schauen uns das an."),
];

static ANSWER_INTENT: &[Tpl] = &[
    a("Hi {name}, {dp} ist online und bei unseren Partnerläden verfügbar."),
    a("Hi {name}! Ja, ist da. Bis 14 Uhr geordert, geht es noch am selben Tag raus."),
];

static ANSWER_RECOMMEND: &[Tpl] = &[
    a("Danke fürs Weitersagen, {name}! 🙏"),
    a("Du bist spitze, {name}! Wir sehen uns auf dem Trail."),
];

static ANSWER_REVIEW: &[Tpl] = &[
    a("Vielen Dank für die Bewertung, {name}!"),
    a("Danke, {name}, schön dass {dp} zu dir passt."),
];

static ANSWER_GENERIC: &[Tpl] = &[a("🙌"), a("Danke, {name}!")];

static ANSWER_COLLAB: &[Tpl] = &[a(
    "Hallo {name}, danke für deine Nachricht! Unser Partnerteam meldet sich diese Woche per Mail.",
)];

static RESOLVE: &[Tpl] = &[
    a("Danke, {name}, wir haben alles. Der Ersatz ist unterwegs."),
    a("Erledigt, {name}! Die Erstattung ist heute raus, es kann 3 bis 5 Tage dauern."),
];

static FOLLOW_UP: &[Tpl] = &[
    a("Gern geschehen, {name}! Erzähl uns, wie die Tour war."),
    a("Freut uns, dass wir helfen konnten, {name}!"),
    a("Bis dann, {name} 👋"),
];

pub(super) fn bank(cat: Cat) -> &'static [Tpl] {
    match cat {
        Cat::Question => QUESTION,
        Cat::Remark => REMARK,
        Cat::Praise => PRAISE,
        Cat::Suggestion => SUGGESTION,
        Cat::Intent => INTENT,
        Cat::Generic => GENERIC,
        Cat::Recommend => RECOMMEND,
        Cat::Complaint => COMPLAINT,
        Cat::ComplaintBack => COMPLAINT_BACK,
        Cat::InfoBack => INFO_BACK,
        Cat::ThanksBack => THANKS_BACK,
        Cat::RecoveredBack => RECOVERED_BACK,
        Cat::Helper => HELPER,
        Cat::MessageQ => MESSAGE_Q,
        Cat::ReviewPos => REVIEW_POS,
        Cat::ReviewNeg => REVIEW_NEG,
        Cat::Collab => COLLAB,
        Cat::Mention => MENTION,
        Cat::Share => SHARE,
        Cat::Referral => REFERRAL,
        Cat::AnswerQuestion => ANSWER_QUESTION,
        Cat::AnswerComplaint => ANSWER_COMPLAINT,
        Cat::AnswerPraise => ANSWER_PRAISE,
        Cat::AnswerSuggestion => ANSWER_SUGGESTION,
        Cat::AnswerIntent => ANSWER_INTENT,
        Cat::AnswerRecommend => ANSWER_RECOMMEND,
        Cat::AnswerReview => ANSWER_REVIEW,
        Cat::AnswerGeneric => ANSWER_GENERIC,
        Cat::AnswerCollab => ANSWER_COLLAB,
        Cat::Resolve => RESOLVE,
        Cat::FollowUp => FOLLOW_UP,
        Cat::Silent => &[],
    }
}

/// Post templates per topic, in the order of `Topic::ALL`.
static POSTS: [&[Tpl]; 8] = [
    &[
        a("Neu im Sortiment: {Dp}. Rollt schneller, greift auf nassen Wurzeln wie gewohnt. Erhältlich in 29x2.4 und 27.5x2.6."),
        a("Tubeless-Tipp der Woche: alle {n} Monate die Dichtmilch prüfen. Wie oft füllt ihr nach?"),
        a("Vorne {psi} bar, hinten etwas mehr: wie fahrt ihr {dpa} bei Matsch?"),
    ],
    &[
        a("Sonntags-Schotterrunde: {km} km {place}. Wer ist dabei?"),
        a("{Dp} ist wieder da, bereit für lange Gravel-Tage."),
        a("Die Gravel-Saison ist noch nicht vorbei. Wo fahrt ihr am Wochenende?"),
    ],
    &[
        a("E-MTB-Reichweitentest: {km} km mit einer Ladung und {dpd}."),
        a("Der Winter kommt: so lagert ihr euren E-Bike-Akku richtig."),
        a("Darf vorstellen: {dp}. Mehr Reichweite, gleiches Gewicht."),
    ],
    &[
        a("Packliste für {n} Nächte {place}, alles passt in {dpa}."),
        a("Rahmentasche, Satteltasche oder Lenkerrolle? Unser Überblick mit {dpd}."),
        a("Bikepacking-Overnighter ab Laden am Freitag. Biwaksack nicht vergessen."),
    ],
    &[
        a("Welcher Helm für welche Tour? Ein genauer Blick auf {dpa}."),
        a("Crash-Ersatz: Wenn dein Helm einen Schlag abbekommen hat, gibt es 30 % auf {dpa}."),
    ],
    &[
        a("Die Werkstatttermine für nächste Woche sind online. Jetzt im Laden oder im Shop buchen."),
        a("Schnelle Hilfe: Schaltwerk in fünf Minuten einstellen."),
        a("Immer dabei haben: {dpa}. Hier ist der Grund."),
    ],
    &[
        a("Trailbautag {place} am Samstag. Bringt Handschuhe mit, wir sorgen für Kaffee."),
        a("Danke an alle Helfer beim Buddeln! Die neue Anlieger-Linie ist offen."),
    ],
    &[
        a("Kommt mit zur {ride} am Samstag: {km} km, Kaffeepause inklusive."),
        a("Die Fotos von der {ride} letzte Woche sind online. Markiert euch!"),
        a("Die Nightride-Saison beginnt. Licht an, wir sehen uns um 19 Uhr."),
    ],
];

pub(super) fn posts(topic: Topic) -> &'static [Tpl] {
    POSTS[topic as usize]
}
