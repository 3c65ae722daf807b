import { gamePath, ScriptDeath, type Proc } from '../process';
import { scriptRam } from '../ram';
import { fnLog, hostArg, threadsArg, type NsFunctions, type ScriptContext } from './context';

/** The game's RunningScript object for getRunningScript. */
function runningScript(c: ScriptContext, p: Proc) {
  return {
    pid: p.pid,
    filename: p.script,
    server: p.host,
    threads: p.threads,
    args: [...p.args],
    ramUsage: p.ram,
    parent: p.parent,
    temporary: false,
    logs: [...p.log],
    title: `${p.script} ${p.args.join(' ')}`.trim(),
    onlineRunningTime: (c.sim.now - p.startedAt) / 1000,
    offlineRunningTime: 0,
    onlineExpGained: 0,
    onlineMoneyMade: 0,
    offlineExpGained: 0,
    offlineMoneyMade: 0,
    tailProperties: null,
  };
}

/** exec, run, spawn, kill, killall, scriptKill, isRunning, ps, getRunningScript, sleep/asleep, atExit, exit. */
export function processFunctions(c: ScriptContext): NsFunctions {
  const { sim, proc } = c;
  const exec = (fn: string, script: string, host: string, threadsOrOptions: unknown, args: unknown[]) => {
    const server = hostArg(c, fn, host);
    const threads = threadsArg(c, fn, threadsOrOptions);
    const started = sim.startScript({ script: gamePath(script), host: server.hostname, threads, args, parent: proc.pid });
    if (typeof started === 'string') {
      fnLog(c, fn, started);
      return 0;
    }
    fnLog(c, fn, `'${started.script}' on '${server.hostname}' with ${threads} threads and args: ${JSON.stringify(args)}.`);
    return started.pid;
  };
  const killEach = (list: Proc[]) => {
    for (const p of list) {
      fnLog(c, 'kill', `Killing '${p.script}' on '${p.host}' with args: ${JSON.stringify(p.args)}.`);
      sim.kill(p);
    }
    return list.length > 0;
  };
  return {
    exec: (script: string, host: string, threadsOrOptions?: unknown, ...args: unknown[]) => exec('exec', script, host, threadsOrOptions, args),
    run: (script: string, threadsOrOptions?: unknown, ...args: unknown[]) => exec('run', script, proc.host, threadsOrOptions, args),
    spawn: (script: string, threadsOrOptions?: unknown, ...args: unknown[]) => {
      const threads = threadsArg(c, 'spawn', threadsOrOptions);
      const delay = Number((threadsOrOptions as { spawnDelay?: number } | undefined)?.spawnDelay ?? 10_000);
      const host = proc.host;
      sim.after(delay, () => sim.startScript({ script: gamePath(script), host, threads, args, parent: proc.pid }));
      fnLog(c, 'spawn', `Will execute '${script}' in ${delay} milliseconds`);
      sim.kill(proc);
      throw new ScriptDeath(proc.pid);
    },
    kill: (target: unknown, host?: string, ...args: unknown[]) => {
      const p = sim.findProcess(c, 'kill', target, host, args);
      if (!p) fnLog(c, 'kill', typeof target === 'number' ? `No script with PID ${target}` : `No such script '${String(target)}' on '${host ?? proc.host}' with args: ${JSON.stringify(args)}`);
      return p ? killEach([p]) : false;
    },
    killall: (host?: string, safetyGuard = true) => killEach(sim.processesOn(hostArg(c, 'killall', host).hostname).filter((p) => !(safetyGuard && p === proc))),
    scriptKill: (script: string, host: string) => killEach(sim.processesOn(hostArg(c, 'scriptKill', host).hostname).filter((p) => p.script === gamePath(script))),
    isRunning: (target: unknown = proc.pid, host?: string, ...args: unknown[]) => sim.findProcess(c, 'isRunning', target, host, args) !== undefined,
    ps: (host?: string) => sim.processesOn(hostArg(c, 'ps', host).hostname).map((p) => ({ filename: p.script, threads: p.threads, args: [...p.args], pid: p.pid, temporary: false })),
    getRunningScript: (target?: unknown, host?: string, ...args: unknown[]) => {
      const p = target === undefined ? proc : sim.findProcess(c, 'getRunningScript', target, host, args);
      return p ? runningScript(c, p) : null;
    },
    getScriptName: () => proc.script,
    getScriptRam: (script: string, host?: string) => {
      const r = scriptRam(hostArg(c, 'getScriptRam', host), gamePath(script));
      return 'ram' in r ? r.ram : 0;
    },
    sleep: (ms: number) => sim.delay(proc, 'sleep', ms),
    asleep: (ms: number) => sim.asleep(proc, ms),
    atExit: (handler: () => unknown, id = 'default') => void proc.exitHandlers.set(String(id), handler),
    exit: () => {
      fnLog(c, 'exit', 'Exiting...');
      sim.kill(proc);
      throw new ScriptDeath(proc.pid);
    },
  };
}
