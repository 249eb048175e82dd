// A module resolve hook for the processes that run server code outside Next (the ingest worker in
// `npm start` and `npm run worker`): `server-only` exists to keep server modules out of browser
// bundles, and resolves to an empty module where Next builds server code; here it must too.
const EMPTY = "data:text/javascript,export {};";

export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: EMPTY, shortCircuit: true };
  return next(specifier, context);
}
