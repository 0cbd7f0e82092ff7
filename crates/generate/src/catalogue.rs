//! What Trailwerk sells: product classes, German genders for articles, and
//! the catalogue with prices in euro cents.

/// What a product is; templates that only fit one kind of product say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Tyre,
    Helmet,
    Bag,
    EBike,
    Light,
    Parts,
    Wear,
    Service,
}

impl Class {
    /// Sizes a person may ask about.
    pub(crate) fn sizes(self) -> &'static [&'static str] {
        match self {
            Class::Tyre => &["29x2.4", "27.5x2.6", "29x2.6", "700x45", "650Bx2.1"],
            Class::Helmet => &["S", "M", "L"],
            Class::Bag => &["4 L", "9 L", "14 L"],
            Class::Wear => &["S", "M", "L", "XL"],
            _ => &["M"],
        }
    }
}

/// German grammatical gender, for articles in templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Genus {
    M,
    F,
    N,
}

/// One thing the shop sells.
#[derive(Debug)]
pub(crate) struct Product {
    pub(crate) sku: &'static str,
    pub(crate) class: Class,
    pub(crate) en: &'static str,
    pub(crate) de: &'static str,
    pub(crate) genus: Genus,
    pub(crate) th: &'static str,
    /// Price in euro cents.
    pub(crate) cents: i64,
}

const fn p(
    sku: &'static str,
    class: Class,
    en: &'static str,
    de: &'static str,
    genus: Genus,
    th: &'static str,
    cents: i64,
) -> Product {
    Product {
        sku,
        class,
        en,
        de,
        genus,
        th,
        cents,
    }
}

/// The catalogue.
pub(crate) static PRODUCTS: [Product; 16] = [
    p(
        "TYR-KT29",
        Class::Tyre,
        "Kiesel Trail tyre",
        "Kiesel-Trail-Reifen",
        Genus::M,
        "ยาง Kiesel Trail",
        6_495,
    ),
    p(
        "TYR-SCH45",
        Class::Tyre,
        "Schotter 45 gravel tyre",
        "Schotter-45-Gravelreifen",
        Genus::M,
        "ยางกราเวล Schotter 45",
        4_990,
    ),
    p(
        "TYR-KEP",
        Class::Tyre,
        "Kiesel E+ tyre",
        "Kiesel-E+-Reifen",
        Genus::M,
        "ยาง Kiesel E+",
        6_990,
    ),
    p(
        "HLM-KUP",
        Class::Helmet,
        "Kuppe enduro helmet",
        "Kuppe-Endurohelm",
        Genus::M,
        "หมวกกันน็อก Kuppe",
        14_900,
    ),
    p(
        "HLM-LZ",
        Class::Helmet,
        "Luftzug gravel helmet",
        "Luftzug-Gravelhelm",
        Genus::M,
        "หมวกจักรยาน Luftzug",
        11_900,
    ),
    p(
        "BAG-FR",
        Class::Bag,
        "Packesel frame bag",
        "Packesel-Rahmentasche",
        Genus::F,
        "กระเป๋าเฟรม Packesel",
        8_900,
    ),
    p(
        "BAG-SP",
        Class::Bag,
        "Packesel seat pack",
        "Packesel-Satteltasche",
        Genus::F,
        "กระเป๋าใต้เบาะ Packesel",
        10_900,
    ),
    p(
        "BAG-BR",
        Class::Bag,
        "Packesel handlebar roll",
        "Packesel-Lenkerrolle",
        Genus::F,
        "กระเป๋าหน้าแฮนด์ Packesel",
        7_900,
    ),
    p(
        "EBK-625",
        Class::EBike,
        "Strom 625 battery",
        "Strom-625-Akku",
        Genus::M,
        "แบตเตอรี่ Strom 625",
        69_900,
    ),
    p(
        "EBK-CHG",
        Class::Parts,
        "Strom fast charger",
        "Strom-Schnellladegerät",
        Genus::N,
        "ที่ชาร์จเร็ว Strom",
        15_900,
    ),
    p(
        "LGT-NF",
        Class::Light,
        "Nachtfalke 1200 light",
        "Nachtfalke-1200-Lampe",
        Genus::F,
        "ไฟหน้า Nachtfalke 1200",
        9_450,
    ),
    p(
        "PMP-DP",
        Class::Parts,
        "Druckpunkt mini pump",
        "Druckpunkt-Minipumpe",
        Genus::F,
        "สูบพกพา Druckpunkt",
        3_490,
    ),
    p(
        "SEA-DI",
        Class::Parts,
        "Dicht tubeless sealant",
        "Dicht-Tubelessmilch",
        Genus::F,
        "น้ำยากันรั่ว Dicht",
        1_990,
    ),
    p(
        "JKT-WS",
        Class::Wear,
        "Windschatten gravel jacket",
        "Windschatten-Graveljacke",
        Genus::F,
        "แจ็กเก็ต Windschatten",
        15_900,
    ),
    p(
        "SVC-TUNE",
        Class::Service,
        "full tune-up",
        "Komplettinspektion",
        Genus::F,
        "เซอร์วิสเต็มระบบ",
        8_900,
    ),
    p(
        "SVC-TL",
        Class::Service,
        "tubeless setup",
        "Tubeless-Montage",
        Genus::F,
        "บริการติดตั้งทูบเลส",
        2_900,
    ),
];
