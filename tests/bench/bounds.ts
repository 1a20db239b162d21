import type { ChildProcess } from "node:child_process";

// Every step of `npm run bench` runs under a time limit: a step that hangs (a page that never
// draws, a server that never answers) ends the bench with a message naming the step, the data
// size and the limit, instead of waiting forever.

export class BenchStepTimeout extends Error {}

/**
 * Runs `step`, or rejects with BenchStepTimeout after `seconds`. The step gets a signal that is
 * aborted at that moment, for its fetches and loops to stop too.
 */
export async function bounded<T>(what: string, seconds: number, step: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new BenchStepTimeout(`bench step "${what}" did not finish within ${seconds} s; stopped it (raise the limit in tests/bench if the machine is just slow).`);
      abort.abort(error);
      reject(error);
    }, seconds * 1000);
  });
  try {
    return await Promise.race([step(abort.signal), limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** A limit that grows with the data: `base` seconds plus `perMillion` seconds per million incidents. */
export const limitFor = (size: number, base: number, perMillion: number) => Math.ceil(base + (perMillion * size) / 1_000_000);

/** fetch with a time limit of its own, also ended by the step's signal. */
export function fetchWithin(url: string, seconds: number, init: RequestInit & { signal?: AbortSignal } = {}): Promise<Response> {
  const signals = [AbortSignal.timeout(seconds * 1000), ...(init.signal ? [init.signal] : [])];
  return fetch(url, { ...init, signal: AbortSignal.any(signals) }).catch((error: unknown) => {
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      throw new BenchStepTimeout(`${init.method ?? "GET"} ${url} got no answer within ${seconds} s`);
    }
    throw error;
  });
}

/** SIGTERM, then SIGKILL if the server has not exited within 15 s. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    console.error(`next start (pid ${child.pid}) did not exit within 15 s of SIGTERM; killing it.`);
    child.kill("SIGKILL");
  }, 15_000);
  await exited;
  clearTimeout(timer);
}
