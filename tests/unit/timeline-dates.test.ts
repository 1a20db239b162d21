import { afterEach, describe, expect, it } from "vitest";
import { bucketEndDay, formatBucketLabel, parseDay } from "@/components/timeline/timeline-dates";

describe("bucketEndDay", () => {
  it("ends a day bucket on the same day", () => {
    expect(bucketEndDay("2024-01-12", "day")).toBe("2024-01-12");
  });

  it("ends a week bucket six days after its start, across month and year boundaries", () => {
    expect(bucketEndDay("2024-01-08", "week")).toBe("2024-01-14");
    expect(bucketEndDay("2024-01-29", "week")).toBe("2024-02-04");
    expect(bucketEndDay("2024-02-26", "week")).toBe("2024-03-03"); // through 29 Feb
    expect(bucketEndDay("2024-12-30", "week")).toBe("2025-01-05");
  });

  it("ends a month bucket on that month's last day, including leap February 2024", () => {
    expect(bucketEndDay("2024-01-01", "month")).toBe("2024-01-31");
    expect(bucketEndDay("2024-02-01", "month")).toBe("2024-02-29");
    expect(bucketEndDay("2025-02-01", "month")).toBe("2025-02-28");
    expect(bucketEndDay("2024-04-01", "month")).toBe("2024-04-30");
    expect(bucketEndDay("2023-12-01", "month")).toBe("2023-12-31");
  });
});

describe("formatBucketLabel", () => {
  it("labels days, weeks (week commencing) and months", () => {
    expect(formatBucketLabel("2024-01-12", "day")).toBe("12 Jan 2024");
    expect(formatBucketLabel("2024-01-08", "week")).toBe("w/c 8 Jan 2024");
    expect(formatBucketLabel("2024-01-01", "month")).toBe("Jan 2024");
    expect(formatBucketLabel("2024-09-01", "month")).toBe("Sep 2024");
  });
});

describe("in any timezone", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  // Far west and far east of UTC: a local-time calculation would land on the neighbouring day.
  it.each(["America/Los_Angeles", "Pacific/Kiritimati", "Asia/Baghdad"])("keeps calendar days in %s", (tz) => {
    process.env.TZ = tz;
    expect(formatBucketLabel("2024-01-01", "day")).toBe("1 Jan 2024");
    expect(formatBucketLabel("2023-12-31", "day")).toBe("31 Dec 2023");
    expect(formatBucketLabel("2024-03-01", "month")).toBe("Mar 2024");
    expect(bucketEndDay("2024-02-01", "month")).toBe("2024-02-29");
    expect(bucketEndDay("2024-12-30", "week")).toBe("2025-01-05");
    // Spans a daylight-saving change in Los Angeles (10 March 2024): a 23-hour day must not cost a day.
    expect(bucketEndDay("2024-03-04", "week")).toBe("2024-03-10");
    expect(bucketEndDay("2024-03-10", "week")).toBe("2024-03-16");
  });
});

describe("parseDay", () => {
  it("rejects what is not a calendar day", () => {
    expect(() => parseDay("2024-02-30")).toThrow(RangeError);
    expect(() => parseDay("2024-1-5")).toThrow(RangeError);
    expect(() => parseDay("2024-01-05T00:00:00Z")).toThrow(RangeError);
  });
});
