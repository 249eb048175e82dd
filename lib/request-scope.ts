// The request a piece of server work is for, without threading it through every call: the API
// handler runs each request inside its scope, and readers' queries cancel themselves when that
// request's client goes away; the author of a change is the signed-in user when there is one.
import { AsyncLocalStorage } from "node:async_hooks";

/** `author`: the signed-in user's name; null when no one is signed in; undefined in local mode. */
type Scope = { signal: AbortSignal; author?: string | null; auditIncidentId?: string };

const scope = new AsyncLocalStorage<Scope>();

export const inRequestScope = <T>(signal: AbortSignal, fn: () => Promise<T>, author?: string | null): Promise<T> => scope.run({ signal, author }, fn);

/** The current request's abort signal; undefined outside a request (start-up, scripts, detectors in the background). */
export const requestSignal = (): AbortSignal | undefined => scope.getStore()?.signal;

/** Who signed in for the current request: a name, null for nobody, undefined when sign-in is off. */
export const requestAuthor = (): string | null | undefined => scope.getStore()?.author;

/** For a write whose incident is known only once it ran (a new incident, a ticket upload): the audit line names it. */
export const auditIncident = (incidentId: string): void => {
  const store = scope.getStore();
  if (store) store.auditIncidentId = incidentId;
};

/** The incident a handler named for its audit line, if any. */
export const auditedIncident = (): string | undefined => scope.getStore()?.auditIncidentId;
