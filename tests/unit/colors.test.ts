import { type Color, differenceCiede2000, filterDeficiencyDeuter, filterDeficiencyProt, filterDeficiencyTrit, parse, wcagContrast } from "culori";
import { describe, expect, it } from "vitest";
import { assignGroupColors, ATTACK_TYPE_COLORS, GROUP_PALETTE, OTHER_GROUPS_COLOR, UNCLAIMED_COLOR } from "@/lib/colors";
import { LAND_COLOR } from "@/lib/map/style";

// The analysts' issue: Kata'ib Hezbollah and al-Nujaba were the same purple, and "Unclaimed" grey
// had 2.5:1 against white. Every colour that stands for something is checked as a reader with each
// colour-vision deficiency would see it.

const difference = differenceCiede2000();
type Simulation = (color: Color) => Color;
const VISIONS: Record<string, Simulation> = {
  normal: (c) => c, deuteranopia: filterDeficiencyDeuter(1), protanopia: filterDeficiencyProt(1), tritanopia: filterDeficiencyTrit(1),
};
/** Below this, two colours read as "alike" (CIEDE2000; ~2 is just noticeable side by side, ~10 clearly different on a chart). */
const MIN_DIFFERENCE = 9;

function closestPair(colors: readonly string[]) {
  let closest = { difference: Infinity, pair: ["", ""], vision: "" };
  for (const [vision, simulate] of Object.entries(VISIONS)) {
    for (let i = 0; i < colors.length; i++) {
      for (let j = i + 1; j < colors.length; j++) {
        const d = difference(simulate(parse(colors[i]!)!), simulate(parse(colors[j]!)!));
        if (d < closest.difference) closest = { difference: d, pair: [colors[i]!, colors[j]!], vision };
      }
    }
  }
  return closest;
}

describe("colours that stand for something", () => {
  const shownTogether = [...GROUP_PALETTE, UNCLAIMED_COLOR, OTHER_GROUPS_COLOR];

  it("are told apart with normal vision and each colour-vision deficiency", () => {
    expect(closestPair(shownTogether).difference).toBeGreaterThanOrEqual(MIN_DIFFERENCE);
    expect(closestPair(Object.values(ATTACK_TYPE_COLORS)).difference).toBeGreaterThanOrEqual(MIN_DIFFERENCE);
  });

  it("have at least 3:1 contrast against white and the map's land", () => {
    for (const color of [...shownTogether, ...Object.values(ATTACK_TYPE_COLORS)]) {
      expect(wcagContrast(color, "#ffffff"), color).toBeGreaterThanOrEqual(3);
      expect(wcagContrast(color, LAND_COLOR), color).toBeGreaterThanOrEqual(3);
    }
  });

  it("give the most active groups the distinct colours, in order, and the rest one shared colour", () => {
    const slugs = Array.from({ length: 10 }, (_, i) => `group-${i}`);
    const colors = assignGroupColors(slugs);
    expect(new Set(slugs.slice(0, 8).map((s) => colors.get(s))).size).toBe(8);
    expect(colors.get("group-0")).toBe(GROUP_PALETTE[0]);
    expect(colors.get("group-8")).toBe(OTHER_GROUPS_COLOR);
    expect(colors.get("group-9")).toBe(OTHER_GROUPS_COLOR);
  });
});
