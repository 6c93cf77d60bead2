// One first-update run: a fresh fake Bot API on 127.0.0.1 with one private text message queued, the bot
// spawned with its start arguments and long polling it; timed from spawn to the fake receiving sendMessage.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { startFakeTelegram, type FakeTelegram, type FakeTelegramCall } from "../runtime/src/testing/fake-telegram.ts";
import type { BotProject } from "./_footprint-projects.ts";

export interface FirstUpdate {
  /** spawn → the first getUpdates answered (the bot is up and polling; the update is in that answer). */
  readyMs: number;
  /** spawn → the fake accepted the first sendMessage (the answer). */
  answerMs: number;
  /** CPU time (user + system, all threads) the bot had used when its answer arrived (Linux /proc; NaN elsewhere). */
  cpuMs: number;
  /** The Bot API calls the fake answered up to the answer, in order, with ms since spawn. */
  calls: Array<{ method: string; ms: number }>;
}

const TIMEOUT_MS = 30_000;
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

/** utime + stime of a running process from /proc/<pid>/stat, in ms (10 ms resolution at 100 ticks/s). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Calls `onCall` for each call the fake records (it records a call once it has answered it). */
function watchCalls(telegram: FakeTelegram, onCall: (call: FakeTelegramCall) => void): void {
  const calls = telegram.calls;
  const push = calls.push.bind(calls);
  calls.push = (...items: FakeTelegramCall[]) => {
    for (const item of items) onCall(item);
    return push(...items);
  };
}

/** The environment both bots read: ours TELEGRAM_MODE/TELEGRAM_API_ROOT, the Chat SDK TELEGRAM_API_BASE_URL. */
function botEnv(telegram: FakeTelegram, extraArgs: string[]): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR,
    TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_MODE: "polling", TELEGRAM_API_ROOT: telegram.apiRoot, TELEGRAM_API_BASE_URL: telegram.apiRoot,
    PORT: "0", HOST: "127.0.0.1",
  };
  if (extraArgs.length) env.NODE_OPTIONS = extraArgs.join(" ");
  return env;
}

/** `extraArgs` (e.g. --cpu-prof) go in NODE_OPTIONS; with them the bot gets SIGTERM instead of SIGKILL, so it can write them. */
export async function firstUpdate(project: BotProject, extraArgs: string[] = []): Promise<FirstUpdate> {
  const telegram = await startFakeTelegram();
  const calls: FirstUpdate["calls"] = [];
  let readyMs: number | undefined;
  let answered: (ms: number) => void = () => {};
  const answer = new Promise<number>((resolve) => (answered = resolve));
  let started = 0;
  let cpuMs = Number.NaN;
  let pid: number | undefined;
  watchCalls(telegram, (call) => {
    const ms = performance.now() - started;
    calls.push({ method: call.method, ms });
    if (call.method === "getUpdates" && readyMs === undefined && call.status === 200) readyMs = ms;
    if (call.method === "sendMessage" && call.status === 200 && Number.isNaN(cpuMs)) {
      cpuMs = cpuMsOf(pid);
      answered(ms);
    }
  });
  telegram.queueUpdate(telegram.textUpdate({ text: "hello bench", chatId: 4242 }));

  started = performance.now();
  const child = spawn(process.execPath, project.nodeArgs, { cwd: project.dir, env: botEnv(telegram, extraArgs), stdio: ["ignore", "pipe", "pipe"] });
  pid = child.pid;
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  child.stderr.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    const failed = new Promise<never>((_, reject) => {
      void exited.then(() => reject(new Error(`${project.name} exited before answering; calls: ${calls.map((c) => c.method).join(", ") || "none"}\n${output}`)));
      timer = setTimeout(() => reject(new Error(`${project.name} did not answer within ${TIMEOUT_MS} ms; calls: ${calls.map((c) => c.method).join(", ") || "none"}\n${output}`)), TIMEOUT_MS);
    });
    failed.catch(() => undefined); // it also rejects when the bot is stopped after answering
    const answerMs = await Promise.race([answer, failed]);
    return { readyMs: readyMs ?? Number.NaN, answerMs, cpuMs, calls: [...calls] };
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(extraArgs.length ? "SIGTERM" : "SIGKILL");
      const forced = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(forced);
    }
    await telegram.close();
  }
}
