// The phases of the campaign, as the record's key events divide it. Dates are local calendar days,
// both ends inclusive. No server-only: the dashboard's quick ranges use them in the browser too.

export type CampaignPhase = { slug: string; name: string; from: string; to: string | null; summary: string };

export const CAMPAIGN_START = "2023-10-17";

export const CAMPAIGN_PHASES: readonly CampaignPhase[] = [
  {
    slug: "opening",
    name: "Opening weeks, to the Gaza truce",
    from: "2023-10-17",
    to: "2023-11-23",
    summary: "Near-daily drone and rocket attacks on bases in Iraq and Syria from 17 October, answered by the first US strikes on 27 October.",
  },
  {
    slug: "truce-to-tower-22",
    name: "After the truce, to Tower 22",
    from: "2023-11-24",
    to: "2024-01-27",
    summary: "No attacks were reported during the Gaza truce; they resumed on 30 November and grew into January, with the first ballistic missiles fired at Ain al-Asad.",
  },
  {
    slug: "tower-22-to-pause",
    name: "Tower 22 to the pause",
    from: "2024-01-28",
    to: "2024-02-04",
    summary: "The drone strike on Tower 22 killed three US soldiers; Kata'ib Hezbollah announced a suspension, the US struck 85 targets on 2 February, and the Pentagon counted its last attack of the campaign on 4 February.",
  },
  {
    slug: "pause",
    name: "The pause",
    from: "2024-02-05",
    to: "2024-04-20",
    summary: "The Pentagon reported no attacks on US forces; a few attacks in Syria were reported by other outlets and are kept as disputed.",
  },
  {
    slug: "resumption-2024",
    name: "Resumption, 2024",
    from: "2024-04-21",
    to: "2024-12-31",
    summary: "Sporadic attacks from 21 April, a sharper run in July and August 2024, and scattered attacks in Syria in the autumn.",
  },
  { slug: "2025", name: "2025", from: "2025-01-01", to: "2025-12-31", summary: "Few attacks were reported on US forces." },
  {
    slug: "escalation-2026",
    name: "2026 escalation",
    from: "2026-01-01",
    to: null,
    summary: "A new wave of drone and rocket attacks on US sites in Iraq after the strikes on Iran, with a different trigger but the same kind of attack.",
  },
];

/** The 2023–24 campaign as the Pentagon counted it: from the first attack to the last before the pause. */
export const CAMPAIGN_2023_24 = { from: "2023-10-17", to: "2024-02-04" } as const;
