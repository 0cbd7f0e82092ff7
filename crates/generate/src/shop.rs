//! The shop itself: Trailwerk, an outdoor and bike shop with a workshop. Its
//! channels and handles, its catalogue, the topics it posts about, and the
//! posts of the generated period.

pub(crate) use crate::catalogue::{Class, Genus, Product, PRODUCTS};
use crate::clock::{DAY, HOUR};
use crate::rng::Rng;
use crate::text::Lang;

/// The shop's name as people write it.
pub(crate) const SHOP: &str = "Trailwerk";

/// Where interactions happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ch {
    Instagram,
    Facebook,
    X,
    Youtube,
    Mastodon,
    Bluesky,
    Reddit,
    /// The web shop: reviews and contact-form messages, with emails.
    Shop,
}

impl Ch {
    /// Every channel, in id order.
    #[cfg(test)]
    pub(crate) const ALL: [Ch; 8] = [
        Ch::Instagram,
        Ch::Facebook,
        Ch::X,
        Ch::Youtube,
        Ch::Mastodon,
        Ch::Bluesky,
        Ch::Reddit,
        Ch::Shop,
    ];

    /// The social channels, where the shop posts.
    pub(crate) const SOCIAL: [Ch; 7] = [
        Ch::Instagram,
        Ch::Facebook,
        Ch::X,
        Ch::Youtube,
        Ch::Mastodon,
        Ch::Bluesky,
        Ch::Reddit,
    ];

    /// Position in [`Ch::ALL`].
    pub(crate) fn idx(self) -> usize {
        self as usize
    }

    /// The canonical channel name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Ch::Instagram => "instagram",
            Ch::Facebook => "facebook",
            Ch::X => "x",
            Ch::Youtube => "youtube",
            Ch::Mastodon => "mastodon",
            Ch::Bluesky => "bluesky",
            Ch::Reddit => "reddit",
            Ch::Shop => "shop",
        }
    }

    /// The prefix of external ids on this channel.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Ch::Instagram => "ig-",
            Ch::Facebook => "fb-",
            Ch::X => "x-",
            Ch::Youtube => "yt-",
            Ch::Mastodon => "md-",
            Ch::Bluesky => "bs-",
            Ch::Reddit => "rd-",
            Ch::Shop => "shop-",
        }
    }

    /// The shop's own handle here.
    pub(crate) fn brand_handle(self) -> &'static str {
        match self {
            Ch::Mastodon => "trailwerk@velo.social",
            Ch::Bluesky => "trailwerk.bsky.social",
            Ch::Reddit => "trailwerk_official",
            _ => "trailwerk",
        }
    }

    /// The start of a post's address; the external id completes it.
    pub(crate) fn post_url(self) -> &'static str {
        match self {
            Ch::Instagram => "https://www.instagram.com/p/",
            Ch::Facebook => "https://www.facebook.com/trailwerk/posts/",
            Ch::X => "https://x.com/trailwerk/status/",
            Ch::Youtube => "https://www.youtube.com/watch?v=",
            Ch::Mastodon => "https://velo.social/@trailwerk/",
            Ch::Bluesky => "https://bsky.app/profile/trailwerk.bsky.social/post/",
            Ch::Reddit => "https://www.reddit.com/r/trailwerk/comments/",
            Ch::Shop => "https://trailwerk.example/journal/",
        }
    }

    /// Answers to a post are themselves replies to it (X, Mastodon,
    /// Bluesky) rather than comments under it.
    pub(crate) fn answers_are_replies(self) -> bool {
        matches!(self, Ch::X | Ch::Mastodon | Ch::Bluesky)
    }

    /// People can write the shop a direct message here.
    pub(crate) fn has_messages(self) -> bool {
        !matches!(self, Ch::Youtube)
    }

    /// Public mentions of the shop are a thing here.
    pub(crate) fn has_mentions(self) -> bool {
        matches!(self, Ch::X | Ch::Mastodon | Ch::Bluesky)
    }

    /// How popular each social channel is with speakers of `lang`
    /// (order of [`Ch::SOCIAL`]).
    pub(crate) fn audience(lang: Lang) -> [u32; 7] {
        match lang {
            Lang::De => [28, 15, 12, 12, 15, 10, 8],
            Lang::En => [28, 12, 12, 14, 4, 12, 18],
            Lang::Th => [30, 40, 6, 14, 1, 3, 6],
        }
    }
}

/// What a post is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Topic {
    Tyres,
    Gravel,
    EBike,
    Bikepacking,
    Helmets,
    Repair,
    TrailBuilding,
    Rides,
}

impl Topic {
    /// Every topic.
    pub(crate) const ALL: [Topic; 8] = [
        Topic::Tyres,
        Topic::Gravel,
        Topic::EBike,
        Topic::Bikepacking,
        Topic::Helmets,
        Topic::Repair,
        Topic::TrailBuilding,
        Topic::Rides,
    ];

    /// How often the shop posts about it.
    const WEIGHTS: [u32; 8] = [18, 16, 12, 14, 8, 12, 8, 12];

    /// Indexes into [`PRODUCTS`] that belong to this topic.
    pub(crate) fn products(self) -> &'static [u8] {
        match self {
            Topic::Tyres => &[0, 1, 2, 12],
            Topic::Gravel => &[1, 4, 5, 13],
            Topic::EBike => &[2, 8, 9, 10],
            Topic::Bikepacking => &[5, 6, 7, 10],
            Topic::Helmets => &[3, 4],
            Topic::Repair => &[11, 12, 14, 15],
            Topic::TrailBuilding | Topic::Rides => &[],
        }
    }

    /// A topic about a ride or an event rather than a product.
    pub(crate) fn is_event(self) -> bool {
        matches!(self, Topic::TrailBuilding | Topic::Rides)
    }
}

/// One of the shop's posts.
#[derive(Debug, Clone)]
pub(crate) struct Post {
    pub(crate) ch: Ch,
    pub(crate) lang: Lang,
    pub(crate) topic: Topic,
    pub(crate) at: i64,
    /// The number in the external id.
    pub(crate) id: u64,
    /// A product of the topic the post shows, if any.
    pub(crate) product: Option<u8>,
}

/// The shop's posts, sorted by time, with per-channel indexes.
#[derive(Debug, Default)]
pub(crate) struct Posts {
    pub(crate) all: Vec<Post>,
    /// Indexes into `all`, per channel (by [`Ch::idx`]) and language.
    by: [[Vec<u32>; 3]; 8],
    /// Indexes into `all`, per channel.
    by_ch: [Vec<u32>; 8],
}

/// Weights of the post languages: German, English, Thai.
const POST_LANGS: [u32; 3] = [40, 36, 24];

impl Posts {
    /// `count` posts spread over `[start, end)`, numbered from the channel
    /// counters in `next_id`.
    pub(crate) fn plan(
        count: usize,
        start: i64,
        end: i64,
        seed: u64,
        next_id: &mut [u64; 8],
    ) -> Posts {
        let mut r = Rng::stream(seed, u64::MAX, 7);
        let span = (end - start - 3 * HOUR).max(HOUR) as u64;
        let total: [u32; 7] = {
            let mut t = [0u32; 7];
            for lang in [Lang::De, Lang::En, Lang::Th] {
                for (w, a) in t.iter_mut().zip(Ch::audience(lang)) {
                    *w += a;
                }
            }
            t
        };
        let mut all: Vec<Post> = (0..count)
            .map(|i| {
                // The first posts visit every channel once, so none is empty.
                let ch = if i < Ch::SOCIAL.len() {
                    Ch::SOCIAL[i]
                } else {
                    Ch::SOCIAL[r.weighted(&total)]
                };
                let lang = [Lang::De, Lang::En, Lang::Th][r.weighted(&POST_LANGS)];
                let topic = Topic::ALL[r.weighted(&Topic::WEIGHTS)];
                let products = topic.products();
                // A post shows a thing, not a workshop service.
                let shown: Vec<u8> = products
                    .iter()
                    .copied()
                    .filter(|&i| PRODUCTS[i as usize].class != Class::Service)
                    .collect();
                let product = (!shown.is_empty()).then(|| *r.pick(&shown));
                let at = start + r.below(span) as i64;
                Post {
                    ch,
                    lang,
                    topic,
                    at,
                    id: 0,
                    product,
                }
            })
            .collect();
        all.sort_by_key(|p| p.at);
        let mut posts = Posts::default();
        for (i, post) in all.iter_mut().enumerate() {
            let c = post.ch.idx();
            post.id = next_id[c];
            next_id[c] += 1;
            posts.by[c][post.lang.idx()].push(i as u32);
            posts.by_ch[c].push(i as u32);
        }
        posts.all = all;
        posts
    }

    /// A post on `ch` to react to, preferably in `lang` and from after
    /// `since`; `None` when the channel has no posts.
    pub(crate) fn pick(&self, r: &mut Rng, ch: Ch, lang: Lang, since: i64) -> Option<u32> {
        let c = ch.idx();
        let own = &self.by[c][lang.idx()];
        let list = if !own.is_empty() && r.chance(0.8) {
            own
        } else {
            &self.by_ch[c]
        };
        if list.is_empty() {
            return None;
        }
        let first = list.partition_point(|&i| self.all[i as usize].at < since);
        let pool = if first < list.len() {
            &list[first..]
        } else {
            &list[..]
        };
        Some(*r.pick(pool))
    }
}

/// How many posts a shop with `interactions` interactions publishes over
/// `days` days (brand posts count as interactions).
pub(crate) fn post_count(interactions: usize, people: usize, days: u32) -> usize {
    let cap = (days as usize * 8).max(8);
    let mut n = (interactions / 150)
        .clamp(8, 5_000)
        .min(cap)
        .min(interactions / 3);
    if interactions < n + people {
        n = interactions.saturating_sub(people).max(n.min(7));
    }
    n
}

/// Posts are spread over the whole period; everything else stays inside
/// the ladder's 90-day window.
pub(crate) fn period_start(end: i64, days: u32) -> i64 {
    end - i64::from(days.max(1)) * DAY
}
