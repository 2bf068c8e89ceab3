// Settings every package's Vitest config shares.
//
// CI runs on a busy 2-core machine, where a test that takes a second here can take twenty: no
// test may fail for taking long. Timeouts are set high enough that only a hung test meets them;
// speed is measured by the benchmarks, never by a test's clock.
export const sharedTestOptions = {
  testTimeout: 600_000,
  hookTimeout: 600_000,
} as const;
