//! Names people go by, in German, English and Thai, with the plain ASCII
//! forms their handles and emails are made of; and the domains they use.

/// A name in its own script and in plain ASCII for handles and emails.
pub(crate) type Name = (&'static str, &'static str);

pub(crate) const DE_FIRST: [Name; 20] = [
    ("Anna", "anna"),
    ("Jonas", "jonas"),
    ("Lena", "lena"),
    ("Lukas", "lukas"),
    ("Marie", "marie"),
    ("Felix", "felix"),
    ("Sophie", "sophie"),
    ("Tobias", "tobias"),
    ("Jana", "jana"),
    ("Moritz", "moritz"),
    ("Katrin", "katrin"),
    ("Jürgen", "juergen"),
    ("Sören", "soeren"),
    ("Lea", "lea"),
    ("Maximilian", "max"),
    ("Hannah", "hannah"),
    ("Paul", "paul"),
    ("Julia", "julia"),
    ("Niklas", "niklas"),
    ("Franziska", "franzi"),
];
pub(crate) const DE_LAST: [Name; 16] = [
    ("Müller", "mueller"),
    ("Schmidt", "schmidt"),
    ("Schneider", "schneider"),
    ("Fischer", "fischer"),
    ("Weber", "weber"),
    ("Becker", "becker"),
    ("Köhler", "koehler"),
    ("Groß", "gross"),
    ("Krüger", "krueger"),
    ("Böhm", "boehm"),
    ("Schäfer", "schaefer"),
    ("Fuchs", "fuchs"),
    ("Wagner", "wagner"),
    ("Hoffmann", "hoffmann"),
    ("Bauer", "bauer"),
    ("Weiß", "weiss"),
];
pub(crate) const EN_FIRST: [Name; 20] = [
    ("Emma", "emma"),
    ("Oliver", "oliver"),
    ("Chloe", "chloe"),
    ("Jack", "jack"),
    ("Priya", "priya"),
    ("Liam", "liam"),
    ("Grace", "grace"),
    ("Sam", "sam"),
    ("Aisha", "aisha"),
    ("Tom", "tom"),
    ("Olivia", "olivia"),
    ("Noah", "noah"),
    ("Mia", "mia"),
    ("Ethan", "ethan"),
    ("Zoe", "zoe"),
    ("Daniel", "daniel"),
    ("Siobhan", "siobhan"),
    ("Kwame", "kwame"),
    ("Hana", "hana"),
    ("Lucas", "lucas"),
];
pub(crate) const EN_LAST: [Name; 16] = [
    ("Taylor", "taylor"),
    ("Walsh", "walsh"),
    ("Patel", "patel"),
    ("Murphy", "murphy"),
    ("Hughes", "hughes"),
    ("Nguyen", "nguyen"),
    ("O'Brien", "obrien"),
    ("Clarke", "clarke"),
    ("Evans", "evans"),
    ("Wright", "wright"),
    ("Khan", "khan"),
    ("Robinson", "robinson"),
    ("Byrne", "byrne"),
    ("Cooper", "cooper"),
    ("Mensah", "mensah"),
    ("Campbell", "campbell"),
];
/// Thai given names, with whether the bearer is male.
pub(crate) const TH_FIRST: [(&str, &str, bool); 12] = [
    ("สมชาย", "somchai", true),
    ("นภัสสร", "napassorn", false),
    ("ธนากร", "thanakorn", true),
    ("ปิยะนุช", "piyanuch", false),
    ("ณัฐพล", "nattapon", true),
    ("กมลชนก", "kamonchanok", false),
    ("วีรยุทธ", "weerayut", true),
    ("สุภาวดี", "supawadee", false),
    ("อนุชา", "anucha", true),
    ("พิมพ์ชนก", "pimchanok", false),
    ("ศุภชัย", "supachai", true),
    ("ชนิดา", "chanida", false),
];
pub(crate) const TH_LAST: [Name; 8] = [
    ("ใจดี", "jaidee"),
    ("ศรีสุข", "srisuk"),
    ("วงศ์ใหญ่", "wongyai"),
    ("แก้วมณี", "kaewmanee"),
    ("ทองดี", "thongdee"),
    ("บุญมา", "boonma"),
    ("สุขสวัสดิ์", "suksawat"),
    ("พรหมมา", "phromma"),
];
/// Thai nicknames, male then female.
pub(crate) const TH_NICK: [[Name; 5]; 2] = [
    [
        ("ต้น", "ton"),
        ("กอล์ฟ", "golf"),
        ("อาร์ม", "arm"),
        ("บีม", "beam"),
        ("เจ", "jay"),
    ],
    [
        ("นก", "nok"),
        ("บี", "bee"),
        ("พิม", "pim"),
        ("ฟ้า", "fah"),
        ("แพร", "prae"),
    ],
];
pub(crate) const MASTODON: [&str; 5] = [
    "mastodon.social",
    "velo.social",
    "norden.social",
    "mstdn.party",
    "chaos.social",
];
/// Reserved example domains only: generated mail must never reach anyone.
pub(crate) const DOMAINS: [&str; 6] = [
    "example.com",
    "example.org",
    "example.net",
    "mail.example",
    "web.example",
    "post.example",
];
