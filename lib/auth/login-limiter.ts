// Password guessing is slowed per address and per account (rate-limiter-flexible, in memory: one
// process serves the sign-ins; a restart forgets the counts, which only helps the legitimate user).
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "@/lib/api/errors";

const WINDOW_SECONDS = 15 * 60;
const perAccount = new RateLimiterMemory({ keyPrefix: "login-account", points: 5, duration: WINDOW_SECONDS });
const perAddress = new RateLimiterMemory({ keyPrefix: "login-address", points: 30, duration: WINDOW_SECONDS });

/** Counts one attempt; throws 429 once the account or the address has used up its attempts. */
export async function countLoginAttempt(email: string, ip: string): Promise<void> {
  try {
    await Promise.all([perAccount.consume(email), perAddress.consume(ip)]);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const retryAfter = Math.ceil(error.msBeforeNext / 1000);
    throw new ApiError("rate_limited", `Too many sign-in attempts; try again in ${Math.ceil(retryAfter / 60)} minutes.`, { retryAfterSeconds: retryAfter });
  }
}

/** A successful sign-in clears its account's count. */
export const clearLoginAttempts = (email: string) => perAccount.delete(email);
