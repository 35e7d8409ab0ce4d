// Preloaded (`node --require`) into the Prisma CLI child process only; see runPrismaCli.
//
// Prisma 6.19's WASM schema engine races its Postgres advisory lock
// (`SELECT pg_advisory_lock(72707369)`) against a 10 s JS timer that it never
// clears, so every `migrate deploy` / `migrate dev` / `migrate reset` idles
// 10 s after finishing before Node can exit. Timers scheduled from WASM are
// unref'd here: while the engine waits on the database its sockets keep the
// process alive, and once it is done nothing waits for the stale timer.
// runPrismaCli also checks the CLI printed its result, so an early exit could
// not pass as success.
"use strict";

const originalSetTimeout = globalThis.setTimeout;

globalThis.setTimeout = function setTimeoutUnrefFromWasm(callback, delay, ...args) {
  const timer = originalSetTimeout(callback, delay, ...args);
  const caller = new Error().stack?.split("\n")[3] ?? "";
  if (caller.includes("wasm://") && typeof timer?.unref === "function") timer.unref();
  return timer;
};
