// The beacon's limits as the client applies them. Copies of BEACON_LIMITS (lib/rum/beacon.ts), not imports:
// beacon.ts builds zod schemas when loaded, which would put zod into the 5 KB browser bundle (and plain constants
// are inlined by the bundler). tests/unit/rum-client-batch.test.ts fails if the two disagree.
export const MAX_EVENTS = 200;
/** under the server's 64 KB body limit, with room to spare */
export const MAX_BODY_BYTES = 60_000;
export const MAX_PATH = 1024;
export const MAX_URL = 2048;
export const MAX_MESSAGE = 1024;
export const MAX_STACK = 4096;
/** vitals and fetch durations (ms) above this are refused by the server */
export const MAX_VALUE = 3_600_000;
