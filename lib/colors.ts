// The colours that stand for something — a group, "unclaimed", an attack type — on the map, the
// timeline and the legends, in one place, so a group is the same colour everywhere.
//
// Chosen so that any two are told apart with normal vision and with each of the three colour-vision
// deficiencies (CIEDE2000 difference ≥ 9 after simulation), and every one has at least 3:1 contrast
// against white and the map's land (WCAG 1.4.11, graphical objects). tests/unit/colors.test.ts
// checks both. Eight distinct group colours is what the rule allows: the eight groups with the most
// incidents get them, in that order; the rest share OTHER_GROUPS_COLOR and are named in the legend.

import type { AttackTypeCode } from "@/lib/dashboard/types";

export const GROUP_PALETTE = ["#0072b2", "#a2041c", "#f25300", "#7c3c5f", "#817cf8", "#a35b47", "#b976a0", "#009966"] as const;
export const UNCLAIMED_COLOR = "#8a8580";
/** Groups beyond the palette's eight. */
export const OTHER_GROUPS_COLOR = "#3d3a36";

/** Attack types take the same eight (the map colours by group or by type, never both at once). */
export const ATTACK_TYPE_COLORS = {
  ONE_WAY_DRONE: "#a2041c", ROCKET: "#f25300", MORTAR: "#a35b47", BALLISTIC_MISSILE: "#7c3c5f",
  IED: "#009966", SMALL_ARMS: "#0072b2", OTHER: "#817cf8", UNKNOWN: UNCLAIMED_COLOR,
} as const satisfies Record<AttackTypeCode, string>;

/** slug → colour, for groups listed from the most incidents to the fewest. */
export function assignGroupColors(slugsByProminence: readonly string[]): Map<string, string> {
  return new Map(slugsByProminence.map((slug, rank) => [slug, GROUP_PALETTE[rank] ?? OTHER_GROUPS_COLOR]));
}
