import { describe, expect, it } from "vitest";
import { CsvSyntaxError, neutraliseFormula, parseCsv, parseCsvRecords } from "@/lib/export/csv";
import { exportFileName, filterSummary, versionTag } from "@/lib/export/file-name";

describe("parseCsv", () => {
  it("reads quoted cells with commas, doubled quotes, line breaks and Arabic", () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\n,,عربي\n')).toEqual([
      ["a", "b", "c"],
      ["x, y", 'say "hi"', "two\nlines"],
      ["", "", "عربي"],
    ]);
  });
  it("skips a byte-order mark and reads a last row without a line break", () => {
    expect(parseCsv("\uFEFFa,b\n1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });
  it("refuses broken quoting and ragged rows, saying where", () => {
    expect(() => parseCsv('a,"open\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b"c\n')).toThrow(/line 1: a quote inside an unquoted cell/);
    expect(() => parseCsv('"a"b\n')).toThrow(/text follows a closing quote/);
    expect(() => parseCsvRecords("a,b\n1\n")).toThrow(/record 1: 1 cells where the header has 2/);
  });
  it("keeps a __proto__ header as an ordinary key", () => {
    const [record] = parseCsvRecords("__proto__,x\n1,2\n");
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record!)).toEqual(["__proto__", "x"]);
  });
});

describe("neutraliseFormula", () => {
  it.each(["=HYPERLINK(\"x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "\t=1", "-1+1", "\r=1"])("prefixes %j", (text) => {
    expect(neutraliseFormula(text)).toBe(`'${text}`);
  });
  it("leaves other text alone", () => {
    expect(neutraliseFormula("Ain al-Asad = base")).toBe("Ain al-Asad = base");
    expect(neutraliseFormula("")).toBe("");
  });
});

describe("export file names", () => {
  it("carries the filter and the data version", () => {
    expect(
      exportFileName({ filters: { from: "2024-01-01", to: "2024-03-31", claimant: ["kataib-hezbollah"] }, dataVersion: "2026-11-28T18:30:12.345Z", format: "csv", profile: "standard" }),
    ).toBe("attack-tracker_2024-01-01_2024-03-31_claimant-kataib-hezbollah_v20261128T183012Z.csv");
    expect(exportFileName({ filters: {}, dataVersion: null, format: "json", profile: "acled" })).toBe("attack-tracker_all_acled_vnone.json");
    expect(versionTag("2024-01-02T03:04:05.000Z")).toBe("v20240102T030405Z");
  });
  it("keeps names safe and short, and long filters distinct", () => {
    expect(filterSummary({ to: "2024-02-01", q: 'a/b\\c "x"', admin1: ["دير الزور"], bbox: [1, 2, 3, 4] })).toMatch(/^start_2024-02-01_admin1-[0-9a-f]{8}_q-a-b-c-x_area$/);
    const many = (n: number) => ({ claimant: Array.from({ length: 30 }, (_, i) => `group-${i}-${n}`) });
    const [a, b] = [filterSummary(many(1)), filterSummary(many(2))];
    expect(a.length).toBeLessThanOrEqual(120);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9.+_-]+$/);
  });
});
