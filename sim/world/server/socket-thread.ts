/**
 * The thread that owns a started redlite-server's process and sockets, for ServerLink.ts. The
 * world runs synchronously, and node's sockets and child processes answer only on an event
 * loop, so this thread runs one for it: it takes one request at a time from the world's thread,
 * does it (start the server, open a connection, send a request and wait for its replies, close
 * a connection, kill or stop the server), posts the result and wakes the waiting thread through
 * the shared flag.
 *
 * Waiting is the only thing here that depends on wall time, and it decides nothing a world
 * sees: a request's result is the server's replies, or `parked` once the server itself says
 * the client is blocked (`DEBUG SESSION <id>`, polled while no reply has come), or an error
 * when the server does not answer within `waitMsMax`. So the determinism lint exempts this
 * file (docs/architecture.md, principle 1): its timers pace polls, never a world's events.
 *
 * The thread runs plain JavaScript from a string, as sim/sweep/parent-watch.ts does: a thread
 * started from a TypeScript file would need the loader, and this one needs nothing of the code
 * base. It starts the server in a process group of its own, so a Ctrl-C meant for the
 * simulator reaches the simulator alone (which then stops the server itself), and with stdin
 * a pipe the server watches (`--exit-with-stdin`): if the simulator dies, the server follows.
 */

/** The worker's source; its `workerData` is SocketThreadData. */
export const SOCKET_THREAD_SOURCE = `
const { workerData } = require('node:worker_threads');
const { spawn } = require('node:child_process');
const { connect } = require('node:net');
const { port, flag, waitMsMax, pollMs, readyMsMax } = workerData;

let child = null;
let exited = Promise.resolve();
let output = '';
let controlSocket = null;
const sockets = new Map();

function lastOutput() {
  const text = output.trim().split('\\n').slice(-3).join(' | ');
  return text === '' ? '(no output)' : text;
}

/** Where the reply starting at 'start' ends, or -1 while it is incomplete. */
function replyEnd(bytes, start) {
  if (start >= bytes.length) return -1;
  const eol = bytes.indexOf('\\r\\n', start, 'latin1');
  if (eol < 0) return -1;
  const type = bytes[start];
  const next = eol + 2;
  if (type === 43 || type === 45 || type === 58) return next;
  const n = Number(bytes.toString('latin1', start + 1, eol));
  if (type === 36) {
    if (n < 0) return next;
    return bytes.length >= next + n + 2 ? next + n + 2 : -1;
  }
  if (type === 42) {
    let at = next;
    for (let i = 0; i < n && at >= 0; i++) at = replyEnd(bytes, at);
    return at;
  }
  throw new Error('a reply of unknown type ' + JSON.stringify(String.fromCharCode(type)));
}

/** The end of the first 'wanted' whole replies buffered, and how many there are (up to it). */
function scan(state, wanted) {
  let at = 0;
  let count = 0;
  while (count < wanted) {
    const end = replyEnd(state.buffer, at);
    if (end < 0) break;
    at = end;
    count++;
  }
  return { count, at };
}

function changed(state, delayMs) {
  return new Promise((resolve) => {
    const timer = setTimeout(done, Math.max(0, delayMs));
    function done() {
      clearTimeout(timer);
      state.waiters.delete(done);
      resolve();
    }
    state.waiters.add(done);
  });
}

function wake(state) {
  for (const waiter of [...state.waiters]) waiter();
}

function open(host, portNumber) {
  return new Promise((resolve, reject) => {
    const socket = connect(portNumber, host);
    const state = { socket, buffer: Buffer.alloc(0), closed: null, waiters: new Set() };
    socket.setNoDelay(true);
    socket.once('connect', () => resolve(state));
    socket.on('data', (chunk) => {
      state.buffer = state.buffer.length === 0 ? chunk : Buffer.concat([state.buffer, chunk]);
      wake(state);
    });
    socket.on('error', (error) => {
      state.closed = state.closed ?? error.message;
      wake(state);
      reject(error);
    });
    socket.on('close', () => {
      state.closed = state.closed ?? 'closed by the server';
      wake(state);
    });
  });
}

/** Waits for 'wanted' replies; with 'park', stops early once the server says that session is blocked. */
async function take(state, wanted, park) {
  const deadline = Date.now() + waitMsMax;
  for (;;) {
    const { count, at } = scan(state, wanted);
    if (count >= wanted || state.closed !== null || Date.now() >= deadline) {
      if (count < wanted) {
        const why = state.closed !== null ? 'the connection closed (' + state.closed + ')' : 'no reply within ' + waitMsMax + ' ms';
        throw new Error(why + '; server output: ' + lastOutput());
      }
      const bytes = state.buffer.subarray(0, at);
      state.buffer = state.buffer.subarray(at);
      return { bytes, parked: false };
    }
    if (park === undefined || park === null) {
      await changed(state, deadline - Date.now());
      continue;
    }
    await changed(state, pollMs);
    if (scan(state, wanted).count >= wanted) continue;
    // A blocked session stays blocked until the world acts again: its reply cannot be on its way.
    if ((await command(controlSocket, ['DEBUG', 'SESSION', String(park)])) !== 'blocked') continue;
    const before = scan(state, wanted);
    if (before.count >= wanted) continue;
    const bytes = state.buffer.subarray(0, before.at);
    state.buffer = state.buffer.subarray(before.at);
    return { bytes, parked: true };
  }
}

function encode(argv) {
  return Buffer.from('*' + argv.length + '\\r\\n' + argv.map((a) => '$' + Buffer.byteLength(a) + '\\r\\n' + a + '\\r\\n').join(''));
}

/** One command on 'state', its reply as text (simple strings and integers only). */
async function command(state, argv) {
  state.socket.write(encode(argv));
  const { bytes } = await take(state, 1);
  const text = bytes.toString('latin1', 1, bytes.length - 2);
  if (bytes[0] === 45) throw new Error(argv.join(' ') + ': ' + text);
  return text;
}

async function start(request) {
  child = spawn(request.command, request.args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let spawnError = null;
  let exitedEarly = false;
  exited = new Promise((resolve) => {
    child.once('exit', () => {
      exitedEarly = true;
      resolve();
    });
    child.once('error', (error) => {
      spawnError = error.message;
      exitedEarly = true;
      resolve();
    });
  });
  child.stdin.on('error', () => {});
  let wake = () => {};
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (chunk) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      wake();
    });
  const deadline = Date.now() + readyMsMax;
  for (;;) {
    const ready = /ready on ([^\\s:]+):(\\d+)/.exec(output);
    if (ready !== null) {
      controlSocket = await open(ready[1], Number(ready[2]));
      return { host: ready[1], port: Number(ready[2]), pid: child.pid };
    }
    if (spawnError !== null) throw new Error('cannot start ' + request.command + ': ' + spawnError);
    if (exitedEarly) throw new Error('the server exited at once: ' + lastOutput());
    if (Date.now() >= deadline) throw new Error('the server was not ready within ' + readyMsMax + ' ms: ' + lastOutput());
    await new Promise((resolve) => {
      wake = resolve;
      setTimeout(resolve, pollMs);
    });
  }
}

async function openClient(request) {
  const state = await open(request.host, request.port);
  sockets.set(request.socket, state);
  return { session: Number(await command(state, ['CLIENT', 'ID'])) };
}

function socketOf(id) {
  const state = id === 0 ? controlSocket : sockets.get(id);
  if (state === undefined || state === null) throw new Error('no connection ' + id);
  return state;
}

async function send(request) {
  const state = socketOf(request.socket);
  state.socket.write(request.bytes);
  return take(state, request.replies, request.park);
}

async function read(request) {
  const replies = [];
  for (const id of request.sockets) replies.push((await take(socketOf(id), 1)).bytes);
  return { replies };
}

async function close(request) {
  const state = socketOf(request.socket);
  sockets.delete(request.socket);
  if (request.partial !== null && request.partial !== undefined && state.closed === null) state.socket.write(request.partial);
  state.socket.destroy();
  // The server forgets the session when it sees the close; until then a push could still serve it.
  const deadline = Date.now() + waitMsMax;
  while ((await command(controlSocket, ['DEBUG', 'SESSION', String(request.session)])) !== 'gone') {
    if (Date.now() >= deadline) throw new Error('session ' + request.session + ' still open ' + waitMsMax + ' ms after its close');
    await changed(controlSocket, pollMs);
  }
  return {};
}

function destroyAll() {
  for (const state of sockets.values()) state.socket.destroy();
  sockets.clear();
  controlSocket?.socket.destroy();
  controlSocket = null;
}

async function end(request) {
  destroyAll();
  if (child !== null && child.exitCode === null && child.signalCode === null) {
    child.kill(request.signal);
    let timer;
    const late = new Promise((resolve) => {
      timer = setTimeout(() => resolve(true), waitMsMax);
    });
    if (await Promise.race([exited.then(() => false), late])) child.kill('SIGKILL');
    clearTimeout(timer);
    await exited;
  }
  child = null;
  return {};
}

const HANDLERS = { start, open: openClient, send, read, close, end };

port.on('message', async (request) => {
  let result;
  try {
    result = { ok: true, ...(await HANDLERS[request.op](request)) };
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(result);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;
