/**
 * The bounds of a live run (docs/architecture.md, principle 5), in one place. They are wall
 * time, so they belong to the live runner alone and never to a simulated world.
 */

/**
 * A client's pause between ops is its simulated think time capped at this: a live run cannot
 * wait out virtual minutes, and short pauses keep clients overlapping, which is what the
 * linearizability checker is there to judge.
 */
export const THINK_MS_MAX = 10;
/** An op with no reply after this long is cut off: its connection is dropped, its outcome unknown. */
export const REPLY_MS_MAX = 10_000;
/** Connection attempts a client makes in a row before it gives up (a server that stays down). */
export const RECONNECTS_MAX = 200;
export const RECONNECT_PAUSE_MS = 25;
/** After this long the run stops issuing ops and judges what it has. */
export const RUN_WALL_MS_MAX = 300_000;
