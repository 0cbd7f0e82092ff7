//! English phrase banks.

use super::{a, bg, eb, ev, g, hm, sv, ty, w, Cat, Hint, Tpl, Vocab};
use crate::shop::Topic;

pub(super) static VOCAB: Vocab = Vocab {
    places: &[
        "the Peak District",
        "the Lake District",
        "Snowdonia",
        "the Surrey Hills",
        "the Forest of Dean",
        "Moab",
        "Whistler",
        "the Blue Mountains",
        "Glentress",
        "the Yorkshire Dales",
        "Rotorua",
    ],
    cities: &[
        "London",
        "Manchester",
        "Bristol",
        "Edinburgh",
        "Dublin",
        "Leeds",
        "Sydney",
        "Melbourne",
        "Auckland",
        "Portland",
        "Vancouver",
        "Cardiff",
    ],
    rides: &[
        "Dawn Patrol gravel ride",
        "Sunday chain gang",
        "Night Owl trail ride",
        "Coffee Loop",
        "Autumn Enduro Day",
        "bikepacking overnighter",
    ],
    bikes: &[
        "hardtail",
        "29er trail bike",
        "gravel bike",
        "e-MTB",
        "steel tourer",
        "enduro bike",
        "cyclocross bike",
    ],
    colours: &["olive", "sand", "black", "burnt orange", "petrol blue"],
    bios: &[
        "MTB & coffee",
        "Gravel, maps and long weekends",
        "Weekend warrior on two wheels",
        "Bikepacking the long way round",
        "Commuter, dad, occasional trail rider",
        "Chasing singletrack since 2009",
        "Nurse by day, night rides by night",
        "Trail builder and tea drinker",
        "Slow rides, fast snacks",
        "Learning to jump, mostly crashing",
    ],
    bios_aligned: &[
        "MTB videos every Friday | partnerships via DM",
        "Gravel adventures and bikepacking guides",
        "Outdoor photographer | Alps, Dolomites, Highlands",
        "Enduro racer and coach | trail tips daily",
    ],
    bios_other: &[
        "Fashion, travel and daily outfits",
        "Crypto, markets and morning motivation",
        "Food and lifestyle from London",
        "Fitness coach | HYROX | mindset",
    ],
    itopics: [
        &[
            "mountain biking",
            "gravel riding",
            "bikepacking",
            "outdoor travel",
        ],
        &["fashion", "crypto", "lifestyle", "fitness"],
    ],
};

static QUESTION: &[Tpl] = &[
    ty("Does the {p} fit a {bike} with {mm} mm inner rim width?").h(Hint::Tyre),
    ty("What pressure do you run the {p} at on rocky trails like {place}?").h(Hint::Tyre),
    ty("Is the {p} also available in {size}?").h(Hint::Stock),
    a("How heavy is the {p}, roughly?").h(Hint::Spec),
    a("Will the {p} be back in stock before the {ride}?").h(Hint::Stock),
    ty("Can I set up the {p} tubeless without a compressor?").h(Hint::Tyre),
    w("Any chance of the {p} in {colour}?").h(Hint::Stock),
    ty("How many km did you get out of the {p} on mixed gravel?").h(Hint::Spec),
    a("Do you ship the {p} to {city}, and how long does it take?").h(Hint::Stock),
    ev("Is there a route file for the {ride} around {place}?").h(Hint::Ride),
    sv("Can you do a {p} on my {bike} this week?").h(Hint::Service),
    a("What changed on the {p} compared to the previous model?").h(Hint::Spec),
    bg("How waterproof is the {p} in proper rain, not just drizzle?").h(Hint::Spec),
    ev("Does the {ride} start at the shop or at the trailhead?").h(Hint::Ride),
    hm("Does the {p} in {size} run small or true to size?").h(Hint::Spec),
    bg("Would a summer sleeping bag fit in the {p} in {size}?").h(Hint::Spec),
    eb("How long does the {p} take to charge from empty?").h(Hint::Spec),
    ev("How hard is the climb on the {ride}, is it fine for a first timer?").h(Hint::Ride),
];

static REMARK: &[Tpl] = &[
    ty("Running the {p} at {psi} psi on my {bike} now, {km} km so far"),
    ev("Did the {ride} around {place} on Sunday, {km} km and plenty of mud"),
    ty("Swapped to the {p} before the trip to {place}, fitting took about {n} minutes"),
    sv("My {bike} has done {km} km since the {p} at your workshop"),
    bg("Packed the {p} for {n} nights along the coast, everything stayed dry"),
    g("First ride with the {p} today, the climb up {place} feels different already"),
    ty("Took the {p} through {place} in the rain and the grip held all the way down"),
    ev("Our club is planning a {km} km loop near {city} next month, same route as your post"),
    g("Been commuting with the {p} through {city} traffic for {n} weeks now"),
    ev("The trail crew in {place} rebuilt the lower section after the storm"),
    w("Ordered the {p} in {colour}, should arrive before the weekend ride"),
    ev("Rode {place} for the first time this morning, legs are still shaking"),
];

static PRAISE: &[Tpl] = &[
    ty("Love how quiet the {p} is on tarmac, and it still grips in the wet"),
    g("The {p} made the descent into {place} so much more fun, thank you!"),
    sv("Great work from the workshop, my {bike} shifts like new again after the {p}"),
    ty("Happy with the {p} after {km} km, zero punctures so far"),
    ev("That {ride} was the best group ride I've done this year, thanks for organising"),
    g("Perfect match for my {bike}, the {p} feels made for it"),
    bg("Amazing how much stuff fits in the {p}, did {n} days in {place} with it"),
    a("Thanks for the quick help in the shop, the {p} is spot on now"),
    a("Really happy I got the {p} before the trip to {place}"),
    hm("The {p} is so comfortable, even on hot days in {city} it stays airy. Love it on long rides"),
];

static SUGGESTION: &[Tpl] = &[
    w("Would love to see the {p} in {colour} next season"),
    hm("A size {size} option for the {p} would help a lot of riders in {city}"),
    ev("Maybe do a beginner version of the {ride} for people new to gravel?"),
    a("Please add a spare parts list for the {p} on the product page"),
    sv("A workshop evening on tubeless setups in {city} would be really useful"),
    w("It would help to show the weight of every size of the {p} in the shop"),
    ev("How about a women's edition of the {ride}? Half our club would join"),
];

static INTENT: &[Tpl] = &[
    a("Where can I buy the {p} in {city}?"),
    ty("Is the {p} in {size} available in your shop or only online?"),
    a("Thinking of buying the {p} for my {bike}, do you have it in stock?"),
    a("How much is the {p} with shipping to {city}?"),
    a("Can I pick up the {p} in the store this week?"),
    ty("I need {n} of the {p} in {size}, can you get that many?"),
];

static GENERIC: &[Tpl] = &[
    a("Great post!"),
    a("Nice!"),
    a("🔥🔥"),
    a("Love it ❤️"),
    a("Awesome!!"),
    a("Cool 😎"),
    a("Wow"),
    a("Amazing 😍"),
    a("So cool!"),
    a("Nice pic 👌"),
    a("Love this"),
    a("👏👏👏"),
];

static RECOMMEND: &[Tpl] = &[
    a("{friend} this is the {p} I told you about"),
    ev("{friend} we need to do the {ride} next month"),
    sv("Can only recommend {shop}, they sorted my {bike} in a day"),
    ty("If you ride around {place} you need the {p}, seriously"),
    g("{friend} check out the {p}, would suit your {bike}"),
    bg("Best shop for bikepacking gear in {city}, and the staff actually ride"),
    g("I recommend the {p} to everyone in our club, {km} km and still going strong"),
    ty("Everyone asking me about tyres: go to {shop} and get the {p}"),
    ev("{friend} {friend2} who is in for the {ride}?"),
    a("Honestly, check out {shop} before buying anywhere else"),
];

static COMPLAINT: &[Tpl] = &[
    a("My {p} arrived broken and nobody has replied to my email"),
    a("Still waiting for my refund for the {p}, it's been {days} days"),
    hm("Ordered {size} and got the wrong size, really disappointed"),
    g("The {p} cracked after {km} km, not happy at all"),
    a("Three emails and no answer about order {order}, this is terrible"),
    sv("The workshop had my {bike} for {days} days and the gears are still a mess. Not happy"),
    a("Paid for express shipping to {city} and the parcel is {days} days late"),
    bg("Disappointed with the {p}, the zip failed on the first trip to {place}"),
    a("Still waiting for a reply after {days} days. Worst service I've had"),
    g("The {p} I got was clearly used, scratches everywhere. Awful"),
];

static COMPLAINT_BACK: &[Tpl] = &[
    a("Still waiting, nothing has arrived yet"),
    a("I sent the photos {days} days ago and there is still no answer"),
    a("That's what you said last week too. Still waiting for the refund."),
    a("The replacement is broken as well, unbelievable"),
];

static INFO_BACK: &[Tpl] = &[
    a("Order number is {order}, the photos are in your inbox now"),
    a("It's the one from your {city} store, if that matters"),
    a("Sent you a DM with the details"),
    a("Okay, I'll bring the {bike} in on Saturday morning then"),
    a("It was bought in spring, the receipt is in the DM"),
    a("Okay, I'll wait for your message then"),
];

static THANKS_BACK: &[Tpl] = &[
    a("Thanks, that helps a lot!"),
    a("Perfect, I'll order that one then"),
    a("Great, thanks for the quick answer!"),
    a("Thank you, will try {psi} psi this weekend"),
    a("Super helpful, see you at the {ride}!"),
];

static RECOVERED_BACK: &[Tpl] = &[
    a("The replacement arrived today and it's perfect. Thanks for sorting it out"),
    a("Money is back on my card, thank you for sorting it"),
    a("Okay, the new {p} fits. Thanks for fixing this"),
];

static HELPER: &[Tpl] = &[
    ty("I run the {p} on {mm} mm rims, fits without issues"),
    a("Had the same question, the shop in {city} let me try it first"),
    a("Tubeless with a floor pump worked for me, just add a bit of soapy water"),
    a("We rode that route last month, the gravel section after {place} is rough"),
    a("Mine came in {n} days to {city}, so it should be fine"),
];

static MESSAGE_Q: &[Tpl] = &[
    ty("Hi, I ordered the {p} last week, can I still change it to {size}?").h(Hint::Order),
    a("Hello, is it possible to book a service slot for my {bike} next week?").h(Hint::Service),
    a("Hi! Could you send me the invoice for order {order} again?").h(Hint::Order),
    a("Do you have gift cards? Would like to surprise a friend in {city}"),
    a("Hi, does the {p} come with a spare parts kit or is that extra?").h(Hint::Spec),
];

static REVIEW_POS: &[Tpl] = &[
    ty("{p}: great grip, easy to mount, and delivery to {city} took {n} days"),
    g("Solid {p}, used it for {km} km already. Happy customer"),
    a("Very happy with the {p} and the advice I got on the phone"),
    a("Fast delivery, perfect fit on my {bike}. Thanks {shop}!"),
];

static REVIEW_NEG: &[Tpl] = &[
    a("One star. The {p} arrived broken and the refund is taking forever"),
    hm("Wrong size delivered and still waiting for the exchange"),
    g("Not happy: the {p} cracked on the second ride"),
];

static COLLAB: &[Tpl] = &[
    a("Hi {shop} team, I create content about {itopic} for {nk}k followers and would like to feature the {p}. Who handles partnerships?"),
    a("Hey, we are shooting a {itopic} series in {place} next month. Open to sending the {p} for a review?"),
];

static MENTION: &[Tpl] = &[
    a("Picked up the {p} at {shop} in {city} today, ride report follows"),
    a("{shop} workshop just fitted new pads on my {bike}"),
    ev("Heading to the {ride} with the {shop} crew on Saturday"),
];

static SHARE: &[Tpl] = &[
    a("Saving this for the {ride}"),
    a("Look at this"),
    a("For our trip to {place}"),
];

static REFERRAL: &[Tpl] = &[a("Referral code {code} used by a new customer")];

static ANSWER_QUESTION: &[Tpl] = &[
    a("Hi {name}! Yes, the {p} works with {mm} mm inner width. We'd start at {psi} psi.").h(Hint::Tyre),
    a("Tubeless works with a good floor pump, {name}. A little soapy water on the bead helps, then start at {psi} psi.").h(Hint::Tyre),
    a("Thanks for asking, {name}! The {p} is a little lighter than last year's version, all specs are on the product page.").h(Hint::Spec),
    a("Good question, {name}! We measured it in the shop this morning, the details are in your DMs 🙂").h(Hint::Spec),
    a("Good question, {name}. It's back in stock next week, we'll post an update.").h(Hint::Stock),
    a("Hi {name}, yes! It ships within 1 to 2 days.").h(Hint::Stock),
    a("Hi {name}, the {ride} starts at 9:00 at the shop, the route file is in our bio.").h(Hint::Ride),
    a("Beginners are very welcome, {name}! We regroup at every junction.").h(Hint::Ride),
    a("Hi {name}, we have free workshop slots on Tuesday and Thursday. Book online or just drop by.").h(Hint::Service),
    a("Of course, {name}! Done, check your inbox.").h(Hint::Order),
    a("No problem, {name}. Reply with your order number and we'll change it today.").h(Hint::Order),
    a("Hey {name}, we sent you the details by DM 🙂"),
    a("Thanks for asking, {name}! Let us check and get back to you today."),
];

static ANSWER_COMPLAINT: &[Tpl] = &[
    a("We're really sorry, {name}. Could you send us your order number by DM? We'll sort it out today."),
    a("Sorry for the wait, {name}! Your case is with our service team, a replacement goes out tomorrow."),
    a("That shouldn't happen, {name}. Please send us a photo by DM and we'll take care of it."),
];

static ANSWER_PRAISE: &[Tpl] = &[
    a("Thank you, {name}! Enjoy the trails 🚵"),
    a("That's great to hear, {name}!"),
    a("Thanks for riding with us, {name} 🙌"),
];

static ANSWER_SUGGESTION: &[Tpl] = &[
    a("Noted, {name}! Passing this on to the product team."),
    a("Good idea, {name}, we'll look into it."),
];

static ANSWER_INTENT: &[Tpl] = &[
    a("Hi {name}, the {p} is in stock online and at our partner stores."),
    a("Hi {name}! Yes, we have it. Order by 2 pm and it ships the same day."),
];

static ANSWER_RECOMMEND: &[Tpl] = &[
    a("Thanks for spreading the word, {name}! 🙏"),
    a("You're the best, {name}! See you out there."),
];

static ANSWER_REVIEW: &[Tpl] = &[
    a("Thank you for the review, {name}!"),
    a("Thanks {name}, glad the {p} works for you."),
];

static ANSWER_GENERIC: &[Tpl] = &[a("🙌"), a("Thanks {name}!")];

static ANSWER_COLLAB: &[Tpl] = &[a(
    "Hi {name}, thanks for reaching out! Our partnership team will email you this week.",
)];

static RESOLVE: &[Tpl] = &[
    a("Thanks, {name}, we have everything we need. A replacement is on its way."),
    a("Got it, {name}! The refund was issued today, it can take 3 to 5 days to show."),
];

static FOLLOW_UP: &[Tpl] = &[
    a("You're welcome, {name}! Let us know how the ride goes."),
    a("Glad we could help, {name}!"),
    a("See you then, {name} 👋"),
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
        a("New in: the {p}. Faster rolling, same grip on wet roots. Available in 29x2.4 and 27.5x2.6."),
        a("Tubeless tip of the week: check your sealant every {n} months. How often do you top up?"),
        a("Front {psi} psi, rear a little more: how do you set up the {p} for muddy days?"),
    ],
    &[
        a("Sunday gravel loop: {km} km around {place}. Who's joining?"),
        a("The {p} is back in stock, ready for long gravel days."),
        a("Gravel season isn't over yet. Where are you riding this weekend?"),
    ],
    &[
        a("E-MTB range test: {km} km on one charge with the {p}."),
        a("Winter is coming: how to store your e-bike battery properly."),
        a("Meet the {p}. More range, same weight."),
    ],
    &[
        a("Packing list for {n} nights in {place}, all in the {p}."),
        a("Frame bag, seat pack or handlebar roll? Our guide to the {p} and friends."),
        a("Bikepacking overnighter from the shop this Friday. Bring a bivvy."),
    ],
    &[
        a("Which helmet for which ride? A closer look at the {p}."),
        a("Crash replacement: if your helmet took a hit, we give you 30% off the {p}."),
    ],
    &[
        a("Workshop slots for next week are open. Book your service in store or online."),
        a("Quick fix: adjust your rear derailleur in five minutes."),
        a("Always carry the {p}. Here is why."),
    ],
    &[
        a("Trail building day in {place} this Saturday. Bring gloves, we bring coffee."),
        a("Thanks to everyone who helped at the dig! The new berm line is open."),
    ],
    &[
        a("Join the {ride} on Saturday: {km} km, coffee stop included."),
        a("Photos from last week's {ride} are up. Tag yourself!"),
        a("Night ride season starts now. Lights on, see you at 7 pm."),
    ],
];

pub(super) fn posts(topic: Topic) -> &'static [Tpl] {
    POSTS[topic as usize]
}
