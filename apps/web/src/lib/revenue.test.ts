import { describe, expect, it } from "vitest";
import {
  clientsCsv,
  formatBp,
  monthLabel,
  movementsCsv,
  sortClients,
  toCsv,
  type MovementRow,
  type RevenueClientRow,
} from "./revenue";

const row: MovementRow = {
  month: "2026-03",
  closesAt: "2026-03-31T23:59:59.999Z",
  startMrr: 100_000,
  newMrr: 16_667,
  expansion: 0,
  reactivation: 0,
  contraction: 500,
  churn: 0,
  endMrr: 116_167,
  fxAdjustment: -12,
  customers: { start: 1, new: 1, reactivated: 0, churned: 0, end: 2 },
  ratesUsed: [{ currency: "EUR", rate: "1.0825", day: "2026-03-31" }],
  missingRates: [],
};

const client = (name: string, mrr: number, outstanding = 0): RevenueClientRow => ({
  clientId: crypto.randomUUID(),
  clientName: name,
  mrr,
  previousMrr: 0,
  change: mrr,
  movement: "new",
  retainers: 1,
  outstanding: outstanding ? [{ currency: "USD", amount: outstanding }] : [],
  lastPaymentAt: null,
  lastPayment: null,
});

describe("revenue helpers", () => {
  it("writes exact decimal amounts and the rates used in the movements CSV", () => {
    expect(movementsCsv([row], "USD").split("\r\n")[1]).toBe(
      "2026-03,USD,1000.00,166.67,0.00,0.00,5.00,0.00,1161.67,-0.12,2,EUR=1.0825@2026-03-31,",
    );
  });

  it("quotes CSV cells and defuses formulas", () => {
    expect(toCsv(["a"], [['He said "hi", twice'], ["=SUM(A1)"], ["-12.5"]])).toBe(
      'a\r\n"He said ""hi"", twice"\r\n\'=SUM(A1)\r\n-12.5\r\n',
    );
    expect(clientsCsv([client("Acme, Inc.", 16_667)], "USD", "2026-03")).toContain('"Acme, Inc.",USD,166.67');
  });

  it("sorts clients by any column, ties by name", () => {
    const rows = [client("b", 100, 5), client("a", 100), client("c", 300)];
    expect(sortClients(rows, "mrr", "desc").map((r) => r.clientName)).toEqual(["c", "a", "b"]);
    expect(sortClients(rows, "outstanding", "desc").map((r) => r.clientName)).toEqual(["b", "a", "c"]);
    expect(sortClients(rows, "clientName", "asc").map((r) => r.clientName)).toEqual(["a", "b", "c"]);
  });

  it("formats months and basis points", () => {
    expect(monthLabel("2026-12")).toBe("Dec 2026");
    expect(formatBp(10_433)).toBe("104.3%");
    expect(formatBp(null)).toBe("—");
  });
});
