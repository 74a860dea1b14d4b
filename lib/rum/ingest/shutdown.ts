// The final flush on SIGTERM / SIGINT (and when a plain Node process runs out of work), so nothing acknowledged
// with 202 is lost on a clean shutdown.
//
// Under server.mjs, its listener closes the server and Next, then awaits this flush (the fast path's close()).
// Under a plain `next start` both this listener and Next's run on the signal. Next's (start-server.js) closes the HTTP
// server, then awaits every promise handed to `after()` (NextNodeServer.close -> its waitUntil awaiter), then
// calls process.exit. The beacon route hands `after()` the buffer's drained() promise, so that exit waits for
// the flush this listener starts at once, for at most RUM_SHUTDOWN_FLUSH_MS. Where nobody else listens (a plain
// Node host, the tests' child process), this listener ends the process by the same signal once the flush is done,
// as Node would have without it.
import type { EventBuffer } from './buffer';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export function installShutdownFlush(buffer: Pick<EventBuffer, 'close' | 'stats'>, deadlineMs: number): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    uninstall(); // a second signal gets the default treatment (or Next's)
    const { buffered } = buffer.stats();
    if (buffered > 0) console.log(`[awoooi-monitor] ${signal}: storing ${buffered} buffered beacon events before exit`);
    void buffer.close(deadlineMs).then(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  // A script that simply ends: its unref'd flush timer would not keep it alive, so flush here.
  const onBeforeExit = () => {
    if (buffer.stats().buffered > 0) void buffer.close(deadlineMs);
  };
  const uninstall = () => {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.off('beforeExit', onBeforeExit);
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('beforeExit', onBeforeExit);
  return uninstall;
}
