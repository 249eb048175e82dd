// Whether the demo incident is being loaded right now (first start of an empty database). Next
// runs inside scripts/start.ts's process, so a process environment flag set there before the
// server listens is what the incident list reads to say "loading the demo" instead of "no
// incidents". (Not a marker file: a data-folder path in a page makes the build trace that folder.)
export function markDemoLoading() {
  process.env.HINDSIGHT_DEMO_LOADING = "1";
}

export function clearDemoLoading() {
  delete process.env.HINDSIGHT_DEMO_LOADING;
}

export const isDemoLoading = () => process.env.HINDSIGHT_DEMO_LOADING === "1";
