// Vitest runs server modules directly; Next's `server-only` guard has nothing to protect there.
export {};
