// Splitting queued events into beacon bodies that each stay within the server's limits. Pure.
import { MAX_BODY_BYTES, MAX_EVENTS } from './limits';

export const utf8Bytes = (text: string): number => new TextEncoder().encode(text).length;

/**
 * `head` is a beacon's JSON up to and including `"events":[`; `events` are the events' JSON texts. Returns the bodies
 * to send, in order: several when one would exceed the event count or the byte limit, never an empty one.
 */
export function beaconBodies(head: string, events: string[], maxEvents = MAX_EVENTS, maxBytes = MAX_BODY_BYTES): string[] {
  const bodies: string[] = [];
  const fixed = utf8Bytes(head) + 2; // + `]}`
  let batch: string[] = [];
  let bytes = fixed;
  for (const event of events) {
    const size = utf8Bytes(event) + 1; // + the comma
    if (batch.length && (batch.length >= maxEvents || bytes + size > maxBytes)) {
      bodies.push(`${head}${batch.join()}]}`);
      batch = [];
      bytes = fixed;
    }
    batch.push(event);
    bytes += size;
  }
  if (batch.length) bodies.push(`${head}${batch.join()}]}`);
  return bodies;
}
