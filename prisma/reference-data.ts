// Reference data compiled from public reporting on attacks against US/coalition forces in
// Iraq, Syria and Jordan since October 2023. Coordinates flagged `coordinatesApproximate`
// are only good to within a few km (often a nearby town or facility rather than the base itself).
// Names, spellings and transliterations vary widely across sources; aliases list the common ones.

export type SiteType = "MILITARY_BASE" | "DIPLOMATIC" | "LOGISTICS" | "AIRPORT" | "ENERGY" | "OTHER";

export type ReferenceSite = {
  slug: string;
  name: string;
  nameAr: string | null;
  country: "IQ" | "SY" | "JO";
  admin1: string;
  lat: number;
  lon: number;
  coordinatesApproximate: boolean;
  type: SiteType;
  description: string;
};

export type ReferenceGroup = {
  slug: string;
  name: string;
  nameAr: string | null;
  aliases: string[];
  parentSlug: string | null;
  description: string;
};

export const REFERENCE_SITES: readonly ReferenceSite[] = [
  // ---------------------------------------------------------------- Iraq
  {
    slug: "ain-al-asad",
    name: "Ain al-Asad Air Base",
    nameAr: "قاعدة عين الأسد الجوية",
    country: "IQ",
    admin1: "Anbar",
    lat: 33.7856,
    lon: 42.4412,
    coordinatesApproximate: false,
    type: "MILITARY_BASE",
    description:
      "Large Iraqi air base in the western Anbar desert, southwest of Khan al-Baghdadi, that has hosted US and coalition troops. It was one of the most frequently targeted sites of the campaign, including a ballistic missile and rocket attack in January 2024 and a rocket attack in August 2024 that injured US personnel.",
  },
  {
    slug: "harir-air-base",
    name: "Harir Air Base",
    nameAr: "قاعدة حرير الجوية",
    country: "IQ",
    admin1: "Erbil",
    lat: 36.53,
    lon: 44.34,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Airfield near the town of Harir in Erbil Governorate, roughly 50 km northeast of Erbil city, used by US and coalition forces. Militias claimed repeated drone attacks on it in late 2023.",
  },
  {
    slug: "erbil-air-base",
    name: "Erbil Air Base (Erbil International Airport)",
    nameAr: "مطار أربيل الدولي",
    country: "IQ",
    admin1: "Erbil",
    lat: 36.2375,
    lon: 43.9631,
    coordinatesApproximate: false,
    type: "MILITARY_BASE",
    description:
      "Coalition military area within Erbil International Airport, the main airport of the Kurdistan Region. Drone and rocket attacks aimed at the coalition side of the airport were reported several times from late 2023.",
  },
  {
    slug: "baghdad-international-airport",
    name: "Baghdad International Airport",
    nameAr: "مطار بغداد الدولي",
    country: "IQ",
    admin1: "Baghdad",
    lat: 33.2625,
    lon: 44.2344,
    coordinatesApproximate: false,
    type: "AIRPORT",
    description:
      "Iraq's main civilian airport, about 16 km west of central Baghdad. The surrounding complex contains Iraqi military facilities, the Victory base area and the US Baghdad Diplomatic Support Center, and rockets and drones aimed at these have landed on airport grounds.",
  },
  {
    slug: "victory-base-complex",
    name: "Victory Base Complex (Camp Victory)",
    nameAr: "قاعدة فكتوريا",
    country: "IQ",
    admin1: "Baghdad",
    lat: 33.29,
    lon: 44.25,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Military area adjoining Baghdad International Airport that was the main US headquarters in Iraq until 2011 and later hosted Iraqi units alongside US and coalition personnel. Local reporting often calls it simply 'Victory base'.",
  },
  {
    slug: "baghdad-diplomatic-support-center",
    name: "Baghdad Diplomatic Support Center (BDSC)",
    nameAr: "مركز الدعم الدبلوماسي في بغداد",
    country: "IQ",
    admin1: "Baghdad",
    lat: 33.27,
    lon: 44.25,
    coordinatesApproximate: true,
    type: "DIPLOMATIC",
    description:
      "US State Department logistics and support hub inside the Baghdad International Airport complex, serving the US embassy. It has been hit or targeted by rockets and drones on several occasions.",
  },
  {
    slug: "us-embassy-baghdad",
    name: "US Embassy Baghdad",
    nameAr: "سفارة الولايات المتحدة في بغداد",
    country: "IQ",
    admin1: "Baghdad",
    lat: 33.299,
    lon: 44.396,
    coordinatesApproximate: false,
    type: "DIPLOMATIC",
    description:
      "Large US embassy compound on the west bank of the Tigris inside Baghdad's International (Green) Zone. It came under rocket and mortar fire in December 2023.",
  },
  {
    slug: "union-iii",
    name: "Union III",
    nameAr: "قاعدة يونيون 3",
    country: "IQ",
    admin1: "Baghdad",
    lat: 33.3,
    lon: 44.39,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Base in Baghdad's International Zone, near the US embassy, that has served as the headquarters of the US-led coalition in Iraq; also known in Iraq as al-Tawhid 3. Rockets aimed at the Green Zone have struck in and around it.",
  },

  // ---------------------------------------------------------------- Syria
  {
    slug: "al-tanf",
    name: "Al-Tanf Garrison",
    nameAr: "قاعدة التنف",
    country: "SY",
    admin1: "Homs",
    lat: 33.5058,
    lon: 38.6178,
    coordinatesApproximate: false,
    type: "MILITARY_BASE",
    description:
      "US-run garrison on the Damascus–Baghdad (M2) highway near where the Syrian, Iraqi and Jordanian borders meet, surrounded by a 55 km deconfliction zone. It has housed US troops alongside a US-backed Syrian opposition force and was among the first sites attacked in October 2023; some sources place it in Rif Dimashq rather than Homs Governorate.",
  },
  {
    slug: "green-village",
    name: "Mission Support Site Green Village",
    nameAr: "قاعدة القرية الخضراء",
    country: "SY",
    admin1: "Deir ez-Zor",
    lat: 35.1517,
    lon: 40.5758,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "US and coalition position in the former residential compound of the al-Omar oil field, east of the Euphrates and north of Mayadin. Attacks reported as targeting 'the al-Omar field base' usually mean this site.",
  },
  {
    slug: "al-omar-oil-field",
    name: "Al-Omar Oil Field",
    nameAr: "حقل العمر النفطي",
    country: "SY",
    admin1: "Deir ez-Zor",
    lat: 35.1517,
    lon: 40.5758,
    coordinatesApproximate: false,
    type: "ENERGY",
    description:
      "Syria's largest oil field, on the east bank of the Euphrates about 10 km from Mayadin, held by the SDF with coalition backing since 2017. It contains the Green Village base and was repeatedly hit by rockets and drones.",
  },
  {
    slug: "conoco-gas-field",
    name: "Conoco Gas Field",
    nameAr: "حقل كونيكو للغاز",
    country: "SY",
    admin1: "Deir ez-Zor",
    lat: 35.41,
    lon: 40.28,
    coordinatesApproximate: true,
    type: "ENERGY",
    description:
      "Major gas field and processing plant northeast of Deir ez-Zor city, near the village of Khasham, named after the US company that developed it. Coalition forces were based at or near the plant and it was one of the most frequently attacked sites in Syria.",
  },
  {
    slug: "mission-support-site-euphrates",
    name: "Mission Support Site Euphrates (MSS Conoco)",
    nameAr: null,
    country: "SY",
    admin1: "Deir ez-Zor",
    lat: 35.41,
    lon: 40.28,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "US outpost in the Conoco area east of the Euphrates, named in US statements as Mission Support Site Euphrates and often reported as Mission Support Site Conoco; several public sources treat the two names as the same position. US reporting says it was vacated in 2025.",
  },
  {
    slug: "shaddadi",
    name: "Al-Shaddadi Base",
    nameAr: "قاعدة الشدادي",
    country: "SY",
    admin1: "Hasakah",
    lat: 36.0561,
    lon: 40.7303,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Coalition base by the town of al-Shaddadi in southern Hasakah Governorate, about 50 km south of Hasakah city; coordinates are those of the town. It was regularly claimed as a drone target by the Islamic Resistance in Iraq.",
  },
  {
    slug: "rumalyn-landing-zone",
    name: "Rumalyn Landing Zone / Kharab al-Jir",
    nameAr: "مطار خراب الجير",
    country: "SY",
    admin1: "Hasakah",
    lat: 36.8978,
    lon: 41.9975,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Airstrip south of Rmelan in northeastern Hasakah that US forces took over from late 2015 as a logistics hub. US statements call it Rumalyn (Rmelan) Landing Zone while regional media usually call it Kharab al-Jir airport; the same August 2024 drone attack that injured US personnel was reported under both names.",
  },
  {
    slug: "al-malikiyah",
    name: "Al-Malikiyah Base",
    nameAr: "قاعدة المالكية",
    country: "SY",
    admin1: "Hasakah",
    lat: 37.167,
    lon: 42.133,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "US position in the al-Malikiyah (Derik) area near the Syria–Turkey–Iraq border triangle, claimed as a drone target from October 2023; coordinates are those of the town. Local monitors have placed a US site in the countryside of the district.",
  },
  {
    slug: "qasrak",
    name: "Qasrak Base",
    nameAr: "قاعدة قسرك",
    country: "SY",
    admin1: "Hasakah",
    lat: 36.7062,
    lon: 40.512,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Large coalition base with a runway between Tal Tamr and Tal Baydar, south of the M4 highway and north of Hasakah city, shared with the SDF. It was among the Hasakah sites hit by drones in late 2023.",
  },
  {
    slug: "tal-baydar",
    name: "Tal Baydar Base",
    nameAr: "قاعدة تل بيدر",
    country: "SY",
    admin1: "Hasakah",
    lat: 36.7378,
    lon: 40.5869,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Coalition position near the village of Tal Baydar, about 30 km north of Hasakah near the M4 highway; coordinates are those of the village. A November 2023 drone attack here lightly wounded a US service member.",
  },
  {
    slug: "hemo-base",
    name: "Hemo Base",
    nameAr: "قاعدة هيمو",
    country: "SY",
    admin1: "Hasakah",
    lat: 37.03,
    lon: 41.13,
    coordinatesApproximate: true,
    type: "MILITARY_BASE",
    description:
      "Coalition training site by the village of Hemo (Himo), just west of Qamishli airport; coordinates are those of the village. Militias first named it as a drone target in January 2024.",
  },

  // ---------------------------------------------------------------- Jordan
  {
    slug: "tower-22",
    name: "Tower 22",
    nameAr: "البرج 22",
    country: "JO",
    admin1: "Mafraq",
    lat: 33.3142,
    lon: 38.7033,
    coordinatesApproximate: false,
    type: "LOGISTICS",
    description:
      "Small US logistics outpost in the Rukban area of northeastern Jordan, about 20 km south of al-Tanf, that began as a Jordanian border post. A drone strike on 28 January 2024 killed three US Army soldiers and wounded dozens; militia statements sometimes refer to this area as 'al-Rukban'.",
  },
  {
    slug: "muwaffaq-salti-air-base",
    name: "Muwaffaq Salti Air Base",
    nameAr: "قاعدة موفق السلطي الجوية",
    country: "JO",
    admin1: "Zarqa",
    lat: 31.8342,
    lon: 36.7872,
    coordinatesApproximate: false,
    type: "MILITARY_BASE",
    description:
      "Royal Jordanian Air Force base near Azraq, about 100 km east of Amman, that hosts US and other coalition aircraft. It appears in coverage of the campaign as a regional hub rather than as a site of confirmed attacks.",
  },
];

export const REFERENCE_GROUPS: readonly ReferenceGroup[] = [
  // ---------------------------------------------------------------- umbrellas / top level
  {
    slug: "islamic-resistance-in-iraq",
    name: "Islamic Resistance in Iraq",
    nameAr: "المقاومة الإسلامية في العراق",
    aliases: ["IRI", "Islamic Resistance of Iraq", "al-Muqawama al-Islamiya fi al-Iraq"],
    parentSlug: null,
    description:
      "Collective banner, prominent since October 2023, under which Iran-aligned Iraqi armed factions claim attacks on US forces in Iraq, Syria and Jordan and on Israel, mostly via Telegram statements. Membership is deliberately vague; the US government has named Kata'ib Hezbollah, Harakat al-Nujaba, Kata'ib Sayyid al-Shuhada and Harakat Ansar Allah al-Awfiya as participants.",
  },
  {
    slug: "popular-mobilization-forces",
    name: "Popular Mobilization Forces",
    nameAr: "الحشد الشعبي",
    aliases: ["PMF", "PMU", "Popular Mobilization Units", "Hashd al-Shaabi", "al-Hashd al-Sha'bi"],
    parentSlug: null,
    description:
      "Iraqi state-sanctioned umbrella of mostly Shia armed groups formed in 2014 to fight ISIS and later given legal status. Several factions named in attack coverage also staff PMF brigades, but the PMF as a body does not claim attacks; it appears in coverage mainly as the owner of facilities hit by US strikes.",
  },

  // ---------------------------------------------------------------- declared or named IRI participants
  {
    slug: "kataib-hezbollah",
    name: "Kata'ib Hezbollah",
    nameAr: "كتائب حزب الله",
    aliases: ["KH", "Kata'ib Hizballah", "Kataib Hezbollah", "Kataeb Hezbollah", "Hezbollah Brigades"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Iran-aligned Iraqi Shia armed group designated as a terrorist organisation by the US since 2009 and widely seen as a core force behind the Islamic Resistance in Iraq. After the Tower 22 strike it announced on 30 January 2024 that it was suspending attacks on US forces; a US strike in Baghdad in February 2024 killed one of its commanders.",
  },
  {
    slug: "harakat-hezbollah-al-nujaba",
    name: "Harakat Hezbollah al-Nujaba",
    nameAr: "حركة حزب الله النجباء",
    aliases: ["HHN", "HAN", "al-Nujaba", "Harakat al-Nujaba", "Nujaba Movement"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Iran-aligned Iraqi armed group led by Akram al-Kaabi and designated by the US in 2019; one of the factions US officials most often named for attacks on US forces. A US strike in Baghdad in January 2024 killed one of its senior commanders.",
  },
  {
    slug: "kataib-sayyid-al-shuhada",
    name: "Kata'ib Sayyid al-Shuhada",
    nameAr: "كتائب سيد الشهداء",
    aliases: ["KSS", "Kataib Sayyid al-Shuhada", "Sayyid al-Shuhada Brigades", "Kataeb Sayed al-Shuhada"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Iran-aligned Iraqi armed group led by Abu Alaa al-Walai, designated by the US in November 2023 for planning and supporting attacks on US forces and listed as a foreign terrorist organisation in 2025. The US names it as a participant in the Islamic Resistance in Iraq.",
  },
  {
    slug: "harakat-ansar-allah-al-awfiya",
    name: "Harakat Ansar Allah al-Awfiya",
    nameAr: "حركة أنصار الله الأوفياء",
    aliases: ["HAAA", "Ansar Allah al-Awfiya", "Movement of the Loyal Supporters of God"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Iran-aligned Iraqi armed group led by Haydar al-Gharawi that split from the Sadrist movement and also staffs a PMF brigade. The US designated it in June 2024, describing it as part of the Islamic Resistance in Iraq and involved in the Tower 22 attack.",
  },
  {
    slug: "kataib-al-imam-ali",
    name: "Kata'ib al-Imam Ali",
    nameAr: "كتائب الإمام علي",
    aliases: ["KIA", "Imam Ali Brigades", "Imam Ali Battalions", "Kataib al-Imam Ali"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Iraqi Shia armed group formed in 2014 as the armed wing of the Islamic Movement of Iraq, led by Shibl al-Zaydi, and part of the PMF. Its place under the Islamic Resistance in Iraq banner is assessed from reporting on Iran-aligned factions rather than openly declared.",
  },

  // ---------------------------------------------------------------- façade / claim names
  {
    slug: "ashab-al-kahf",
    name: "Ashab al-Kahf",
    nameAr: "أصحاب الكهف",
    aliases: ["Companions of the Cave", "Islamic Resistance in Iraq – Ashab al-Kahf"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Claim name that appeared in 2019 and took credit for roadside bombs against coalition supply convoys and some rocket attacks. Analysts assess it as a front for established factions, with Kata'ib Hezbollah and Asa'ib Ahl al-Haq both suggested as its backers.",
  },
  {
    slug: "saraya-awliya-al-dam",
    name: "Saraya Awliya al-Dam",
    nameAr: "سرايا أولياء الدم",
    aliases: ["Guardians of Blood Brigade", "Awliya al-Dam"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Claim name that took credit for rocket attacks on coalition sites in 2021, including Erbil and Balad air base. It is assessed as a front for established Iran-aligned factions, most often linked to Kata'ib Hezbollah.",
  },
  {
    slug: "tashkil-al-waritheen",
    name: "Tashkil al-Waritheen",
    nameAr: "تشكيل الوارثين",
    aliases: ["Formation of the Inheritors", "al-Waritheen"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Claim name used in claims of drone and rocket attacks against US-linked targets in Iraq. It is assessed by analysts as a front associated with Kata'ib Hezbollah rather than an independent group.",
  },
  {
    slug: "al-thawriyoun",
    name: "al-Thawriyoun",
    nameAr: null,
    aliases: ["Al-Thawriyoun", "The Revolutionaries"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Little-known name that claimed rocket attacks on Ain al-Asad and the Conoco site in July 2024 and called itself part of the Islamic Resistance in Iraq. The usual pro-militia channels did not repeat its claims, so its place under that banner rests on its own word.",
  },
  {
    slug: "saraya-qasim-al-jabbarin",
    name: "Saraya Qasim al-Jabbarin",
    nameAr: "سرايا قاصم الجبارين",
    aliases: ["Qasim al-Jabbarin Brigades", "Breaker of Tyrants Brigades"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Claim name that took credit for attacks on coalition supply convoys and US-linked sites in Iraq from 2020. It is assessed as a front for established Iran-aligned factions.",
  },
  {
    slug: "usbat-al-thaireen",
    name: "Usbat al-Thaireen",
    nameAr: "عصبة الثائرين",
    aliases: ["League of Revolutionaries", "Osbat al-Tha'ireen"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Claim name that emerged in 2020 and took credit for rocket attacks on bases hosting US troops in Iraq. It is assessed as a front for established Iran-aligned factions.",
  },
  {
    slug: "liwa-thar-al-muhandis",
    name: "Liwa Thar al-Muhandis",
    nameAr: "لواء ثأر المهندس",
    aliases: ["Revenge of al-Muhandis Brigade", "Thar al-Muhandis"],
    parentSlug: "islamic-resistance-in-iraq",
    description:
      "Claim name invoking the PMF commander Abu Mahdi al-Muhandis, killed by a US strike in January 2020, used in claims and threats against US-linked targets. It is assessed as a front for established Iran-aligned factions.",
  },

  // ---------------------------------------------------------------- other named factions (not declared IRI members)
  {
    slug: "asaib-ahl-al-haq",
    name: "Asa'ib Ahl al-Haq",
    nameAr: "عصائب أهل الحق",
    aliases: ["AAH", "Asaib Ahl al-Haq", "League of the Righteous", "Khazali Network"],
    parentSlug: null,
    description:
      "Iran-aligned Iraqi armed group and political party led by Qais al-Khazali, designated a terrorist organisation by the US in 2020. It holds seats in parliament and was not generally identified as a declared IRI member; its role in the 2023–2024 attacks is debated.",
  },
  {
    slug: "badr-organization",
    name: "Badr Organization",
    nameAr: "منظمة بدر",
    aliases: ["Badr", "Badr Corps", "Badr Brigades"],
    parentSlug: null,
    description:
      "Iraqi Shia political-military organisation led by Hadi al-Amiri, founded in Iran in the 1980s and now a major party and PMF component. It is named in coverage as part of the Iran-aligned landscape but has not been identified as claiming attacks on US forces in this campaign.",
  },
  {
    slug: "saraya-khorasani",
    name: "Saraya al-Khorasani",
    nameAr: "سرايا طليعة الخراساني",
    aliases: ["Saraya Talia al-Khorasani", "Saraya Khorasani", "Khorasani Brigades", "PMF 18th Brigade"],
    parentSlug: null,
    description:
      "Iraqi Shia armed group formed in 2013 with Iranian support, led by Ali al-Yasiri and staffing the PMF's 18th Brigade. It is mentioned in coverage of Iran-aligned factions, but public reporting does not tie it to specific claimed attacks in this campaign.",
  },
  {
    slug: "islamic-state",
    name: "Islamic State",
    nameAr: "الدولة الإسلامية",
    aliases: ["ISIS", "ISIL", "IS", "Daesh"],
    parentSlug: null,
    description:
      "Sunni jihadist group that is not part of the Iran-aligned campaign and is hostile to it. Its remaining cells continue to attack coalition and partner forces in Iraq and Syria, so it appears in coverage of attacks on coalition personnel.",
  },
];
