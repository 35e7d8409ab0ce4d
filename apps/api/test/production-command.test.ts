import { describe, expect, it } from "vitest";
import { productionNodeArgs, productionNodeFlags } from "../scripts/production-command";

/**
 * The flags `pnpm start` / `pnpm worker` run the compiled servers with (README "Memory"): the
 * benchmark and the e2e stack read them from here, so a change shows in both.
 */
describe("production node command", () => {
  it("runs the API compiled, heap capped, without parsing source maps at start-up", () => {
    expect(productionNodeArgs("start")).toEqual(["--max-old-space-size=1024", "dist/main.js"]);
    expect(productionNodeFlags("start")).toEqual(["--max-old-space-size=1024"]);
  });

  it("runs the worker compiled, without parsing source maps at start-up", () => {
    expect(productionNodeArgs("worker")).toEqual(["dist/worker.js"]);
  });
});
