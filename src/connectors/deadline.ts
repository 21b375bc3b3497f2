// One try's total time, shared by the connectors (SPEC §12): the clients' own timeouts are idle timeouts,
// so a server sending a byte every few seconds would hold a request for ever. A Deadline aborts its signal
// when the whole answer, body included, has not come in time.
//
// A timer of its own rather than AbortSignal.timeout: combined with AbortSignal.any (a try also stops
// when the run does), a timeout signal is held only weakly in Node 20, and a garbage collection during the
// try (the heap keeper forces them) dropped it unfired. The timer holds the Deadline until it fires or is
// cleared; unref'd, it never keeps the process alive.

/** The longest setTimeout Node keeps; a longer one fires after 1 ms (TimeoutOverflowWarning). */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly listeners: (() => void)[] = [];
  expired = false;

  /** `reason`: what the try fails with when the time is up (the signal's abort reason too). */
  constructor(
    readonly timeoutMs: number,
    private readonly reason: () => Error = () => new DOMException(`no complete answer within ${timeoutMs} ms`, 'TimeoutError'),
  ) {
    this.timer = setTimeout(() => this.expire(), Math.min(Math.max(1, timeoutMs), MAX_TIMER_MS));
    this.timer.unref?.();
  }

  /** Given to the request: aborting it destroys the request and its socket. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  error(): Error {
    return this.reason();
  }

  onExpire(listener: () => void): void {
    if (this.expired) listener();
    else this.listeners.push(listener);
  }

  /** The try has settled: the timer goes, and nothing more is told. */
  clear(): void {
    clearTimeout(this.timer);
    this.listeners.length = 0;
  }

  private expire(): void {
    this.expired = true;
    for (const listener of this.listeners.splice(0)) listener();
    this.controller.abort(this.error());
  }
}
