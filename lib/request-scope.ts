// The request a piece of server work is for, without threading it through every call: the API
// handler runs each request inside its scope, and readers' queries cancel themselves when that
// request's client goes away.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = new AsyncLocalStorage<{ signal: AbortSignal }>();

export const inRequestScope = <T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> => scope.run({ signal }, fn);

/** The current request's abort signal; undefined outside a request (start-up, scripts, detectors in the background). */
export const requestSignal = (): AbortSignal | undefined => scope.getStore()?.signal;
