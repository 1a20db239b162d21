// The app's server process (`next start`) between the embedded database's start and stop: Ctrl-C or
// SIGTERM is passed on, so it stops accepting connections at once and finishes what is in flight;
// but a client that reads slowly (or not at all) must not keep the app half-stopped. After a bounded
// grace the process is killed, which closes its remaining connections, and only then is the
// database stopped — cleanly, since nothing uses it any more.
import { spawn } from "node:child_process";
import os from "node:os";

/** How long in-flight requests get after SIGTERM/SIGINT (SHUTDOWN_GRACE_MS; default 10 s). */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SHUTDOWN_GRACE_MS?.trim();
  if (!raw) return DEFAULT_SHUTDOWN_GRACE_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.warn(`SHUTDOWN_GRACE_MS=${raw} is not a whole number of milliseconds; using ${DEFAULT_SHUTDOWN_GRACE_MS}.`);
    return DEFAULT_SHUTDOWN_GRACE_MS;
  }
  return value;
}

/**
 * Runs the app until it exits or is stopped by a signal, then stops the database. Resolves with the
 * exit code for this process: 128 + the signal's number after a requested stop, else the app's own.
 */
export function runAppProcess(opts: {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  graceMs: number;
  stopDatabase: () => Promise<void>;
}): Promise<number> {
  const child = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env, stdio: "inherit" });
  let requested: NodeJS.Signals | undefined;
  let killTimer: NodeJS.Timeout | undefined;

  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) {
      // Asked twice (Ctrl-C again): no more waiting.
      child.kill("SIGKILL");
      return;
    }
    requested = signal;
    child.kill(signal);
    killTimer = setTimeout(() => {
      console.warn(`The app had not stopped ${opts.graceMs / 1000} s after ${signal}: closing its remaining connections.`);
      child.kill("SIGKILL");
    }, opts.graceMs);
  };
  const signals = ["SIGINT", "SIGTERM"] as const;
  for (const signal of signals) process.on(signal, onSignal);

  return new Promise((resolve, reject) => {
    let isFinished = false;
    const finish = async (code: number) => {
      if (isFinished) return;
      isFinished = true;
      clearTimeout(killTimer);
      for (const signal of signals) process.off(signal, onSignal);
      try {
        await opts.stopDatabase();
        resolve(code);
      } catch (error) {
        reject(error as Error);
      }
    };
    child.once("error", (error) => {
      console.warn(`Could not start the app: ${error.message}`);
      void finish(1);
    });
    child.once("exit", (code, signal) => {
      if (requested) void finish(128 + os.constants.signals[requested]);
      else void finish(code ?? (signal ? 128 + os.constants.signals[signal] : 1));
    });
  });
}
