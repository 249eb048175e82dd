// Fetches an import's URL into the blob store's temp folder, hashed on the way like a received
// part. Every hop (at most 5 redirects) is resolved once, its addresses checked (url-policy.ts),
// and the connection made to that checked address, so a name that resolves differently the second
// time (DNS rebinding) cannot lead elsewhere. node:http rather than fetch(): fetch cannot be told
// which address to connect to, and its redirects cannot be checked hop by hop.
import "server-only";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { ApiError } from "@/lib/api/errors";
import { receiveToTemp, type ReceivedFile } from "@/lib/evidence/blob-store";
import { parseAllowList, refusalOf } from "./url-policy";

export const MAX_REDIRECTS = 5;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

export const fetchTimeoutMs = (env: Record<string, string | undefined> = process.env): number => {
  const raw = env.HINDSIGHT_URL_FETCH_TIMEOUT_MS;
  if (raw === undefined || raw === "") return DEFAULT_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`HINDSIGHT_URL_FETCH_TIMEOUT_MS=${JSON.stringify(raw)} is not a positive whole number of milliseconds.`);
  return ms;
};

const notAllowed = (host: string, address: string | null, reason: string) =>
  new ApiError("url_not_allowed", `${host} may not be fetched: ${reason}.`, { host, address, reason });

const fetchFailed = (message: string, details: Record<string, unknown>) => new ApiError("url_fetch_failed", message, details);

export type CheckedUrl = { url: URL; host: string; address: string; family: 4 | 6 };

/** Parses and resolves a URL and checks every address it resolves to; throws `url_not_allowed` with why. */
export async function checkUrl(raw: string): Promise<CheckedUrl> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw notAllowed(raw.slice(0, 200), null, "it is not an absolute URL");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.protocol !== "http:" && url.protocol !== "https:") throw notAllowed(host || raw.slice(0, 200), null, `only http and https are fetched, not ${url.protocol.replace(/:$/, "")}`);
  if (url.username || url.password) throw notAllowed(host, null, "credentials in the URL are not sent; pass them as a header (headers: {Authorization: …})");
  const allow = parseAllowList(process.env.HINDSIGHT_URL_ALLOW);
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw fetchFailed(`${host} could not be resolved (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, { host, url: url.href });
    }
  }
  // Every address is checked: a name resolving to a public and a private address is refused.
  for (const { address } of addresses) {
    const refusal = refusalOf(host, address, allow);
    if (refusal) throw notAllowed(host, refusal.address, refusal.reason);
  }
  const first = addresses[0];
  if (!first) throw fetchFailed(`${host} resolved to no address.`, { host, url: url.href });
  return { url, host, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Connects to the checked address whatever the name resolves to now. */
const pinned = (address: string, family: 4 | 6): LookupFunction => (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
  else callback(null, address, family);
};

function request(target: CheckedUrl, headers: Record<string, string>, signal: AbortSignal): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const get = target.url.protocol === "https:" ? https.get : http.get;
    const req = get(target.url, { headers: { "user-agent": "hindsight-import", ...headers }, lookup: pinned(target.address, target.family), agent: false, signal }, resolve);
    req.on("error", reject);
  });
}

export type FetchOptions = { headers: Record<string, string>; filename: string; maxBytes: number; timeoutMs: number; onBytes?: (n: number) => void; onHop?: (url: string) => void };

/**
 * Fetches `raw` (following at most 5 redirects, each checked) into a temp file. Refusals are
 * ApiErrors: `url_not_allowed`, `upload_too_large` (on Content-Length or as it grows; nothing is
 * kept), `url_fetch_failed` (an error status, a timeout, a connection that failed).
 */
export async function fetchToTemp(raw: string, options: FetchOptions): Promise<ReceivedFile> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const timedOut = () => fetchFailed(`Fetching ${raw} took longer than ${options.timeoutMs} ms (HINDSIGHT_URL_FETCH_TIMEOUT_MS); nothing was stored.`, { url: raw, timeoutMs: options.timeoutMs });
  const tooLarge = (seen: string) =>
    new ApiError("upload_too_large", `${raw} is larger than the limit of ${options.maxBytes} bytes (${seen}); nothing was stored. The limit is HINDSIGHT_MAX_UPLOAD_BYTES.`, { maxBytes: options.maxBytes, url: raw });
  let headers = options.headers;
  let current = raw;
  try {
    for (let hop = 0; ; hop++) {
      const target = await checkUrl(current);
      options.onHop?.(target.url.href);
      let res: http.IncomingMessage;
      try {
        res = await request(target, headers, controller.signal);
      } catch (error) {
        if (controller.signal.aborted) throw timedOut();
        throw fetchFailed(`${target.url.href} could not be fetched: ${(error as Error).message}.`, { url: target.url.href });
      }
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.destroy();
        if (hop >= MAX_REDIRECTS) throw fetchFailed(`${raw} redirected more than ${MAX_REDIRECTS} times; nothing was stored.`, { url: raw, maxRedirects: MAX_REDIRECTS });
        const next = new URL(res.headers.location, target.url);
        // Credentials meant for one origin are not handed to another (as browsers do).
        if (next.origin !== target.url.origin) headers = {};
        current = next.href;
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw fetchFailed(`${target.url.href} answered ${status} ${res.statusMessage ?? ""}`.trimEnd() + "; nothing was stored.", { url: target.url.href, status });
      }
      const declared = Number(res.headers["content-length"] ?? NaN);
      if (declared > options.maxBytes) {
        res.destroy();
        throw tooLarge(`${declared} bytes declared`);
      }
      let refusal: ApiError | null = null;
      try {
        return await receiveToTemp(res, options.filename, (n) => {
          options.onBytes?.(n);
          if (n > options.maxBytes && !refusal) {
            refusal = tooLarge("more arrived");
            res.destroy(refusal);
          }
        });
      } catch (error) {
        if (refusal) throw refusal;
        if (controller.signal.aborted) throw timedOut();
        throw fetchFailed(`${target.url.href} broke off: ${(error as Error).message}; nothing was stored.`, { url: target.url.href });
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
