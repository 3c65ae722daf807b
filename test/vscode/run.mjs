// Runs the integration suite (dist/test/integration/index.js, the @vscode/test-electron kind) in a real VS Code.
// Default: offline, in the code-server build of VS Code driven by headless chromium (test/vscode/setup.sh installs
// both). With BBPORTS_VSCODE=electron: @vscode/test-electron, which downloads desktop VS Code (needs internet).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';

const root = resolve(new URL('../..', import.meta.url).pathname);
const tests = join(root, 'dist/test/integration/index.js');
const home = process.env.BBPORTS_VSCODE_HOME ?? join(process.env.HOME ?? '/root', '.cache/bitburner-ports/vscode');
const timeoutMs = Number(process.env.TEST_TIMEOUT_S ?? 600) * 1000;

function freshWorkspace() {
  mkdirSync(join(home, 'tmp'), { recursive: true });
  const run = mkdtempSync(join(home, 'tmp', 'run-'));
  const workspace = join(run, 'workspace');
  cpSync(join(root, 'test/fixtures/workspace'), workspace, { recursive: true });
  return { run, workspace };
}

async function electron() {
  const { runTests } = await import('@vscode/test-electron');
  const { workspace } = freshWorkspace();
  await runTests({ extensionDevelopmentPath: root, extensionTestsPath: tests, launchArgs: [workspace, '--disable-extensions'] });
  return 0;
}

function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

async function waitForHealth(port, server) {
  for (let i = 0; i < 600; i++) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('code-server did not answer within 60 s');
}

// The workbench's own chatter while offline; it says nothing about the tests.
const NOISE = /^\[(AgentHost|AgentHost:remote|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)\]|^(Resolving|Resolved) connection token|^Creating a socket|^Updating additional builtin|^\[remote-connection\]|ENOTFOUND|^Canceled/;

// Two passes: the suite with Workspace Trust disabled (VS Code then treats the workspace as trusted), and the
// `*.untrusted.test.ts` files with trust on and the workspace untrusted. BBPORTS_VSCODE_PASS=trusted|untrusted runs one.
const passes = process.env.BBPORTS_VSCODE_PASS ? [process.env.BBPORTS_VSCODE_PASS] : ['trusted', 'untrusted'];

async function offlinePasses() {
  const setup = spawnSync('sh', [join(root, 'test/vscode/setup.sh')], { stdio: 'inherit', env: { ...process.env, BBPORTS_VSCODE_HOME: home } });
  if (setup.status !== 0) throw new Error('setting up the offline VS Code failed (see above)');
  let code = 0;
  for (const pass of passes) {
    console.log(`\n# VS Code pass: ${pass}`);
    code = (await offline(pass)) || code;
  }
  return code;
}

async function offline(pass) {
  const untrusted = pass === 'untrusted';
  const { run, workspace } = freshWorkspace();
  const leftovers = join(run, 'left-running.txt');
  let leftover = 0;
  const port = await freePort();
  mkdirSync(join(run, 'ud/User'), { recursive: true });
  writeFileSync(join(run, 'ud/User/settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false, 'extensions.autoCheckUpdates': false, 'update.mode': 'none', 'workbench.enableExperiments': false,
    // Untrusted pass: no start-up question (the workspace simply stays untrusted).
    'security.workspace.trust.startupPrompt': 'never',
  }));
  const env = { ...process.env, PATH: `${join(home, 'node24/package/bin')}:${process.env.PATH}`, XDG_CONFIG_HOME: join(run, 'xdg/config'), XDG_DATA_HOME: join(run, 'xdg/data'), XDG_CACHE_HOME: join(run, 'xdg/cache'), TMPDIR: join(home, 'tmp'), BBPORTS_VSCODE_PASS: pass, BBPORTS_LEFT_RUNNING: leftovers };
  const server = spawn(join(home, 'cs/bin/code-server'), [
    '--config', join(home, 'cs-config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', join(run, 'ud'), '--extensions-dir', join(run, 'ext'),
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened',
    // without the smoke-test driver a built VS Code ignores the extensionDevelopmentPath/extensionTestsPath payload
    '--vscode-option', 'enable-smoke-test-driver', ...(untrusted ? [] : ['--disable-workspace-trust']), workspace,
  ], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverLog = '';
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  const browser = { current: undefined };
  let status = 1;
  try {
    await waitForHealth(port, server);
    const authority = `127.0.0.1:${port}`;
    const remote = (p) => `vscode-remote://${authority}${p}`;
    const payload = [['extensionDevelopmentPath', remote(root)], ['extensionTestsPath', remote(tests)], ['skipWelcome', 'true']];
    browser.current = await chromium.launch({
      executablePath: '/usr/bin/chromium', headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.current.newPage();
    let finish;
    const exited = new Promise((r) => (finish = r));
    const actions = harnessActions(page);
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(args ?? []));
      if (text.startsWith(HARNESS)) return actions(JSON.parse(text.slice(HARNESS.length)));
      if (process.env.VERBOSE || (type !== 'trace' && type !== 'debug' && !NOISE.test(text))) console.log(type === 'info' || type === 'log' ? text : `[${type}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    await page.goto(`http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    // The untrusted pass's refusal shows a notification; a person would press its button (the test waits for the
    // Workspace Trust editor it opens).
    if (untrusted) {
      page.getByRole('button', { name: 'Manage Workspace Trust' }).first().click({ timeout: timeoutMs }).then(
        () => console.log('[harness] pressed Manage Workspace Trust'),
        () => {},
      );
    }
    let timer;
    const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)))]);
    clearTimeout(timer);
    console.log(`VS Code extension host exited: ${code}`);
    if (code !== 0) console.log(`server log:\n${serverLog.slice(-4000)}`);
    status = code === 0 ? 0 : 1;
  } finally {
    await browser.current?.close();
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
    leftover = await leftBehind(leftovers);
    rmSync(run, { recursive: true, force: true });
  }
  return status || (leftover ? 1 : 0);
}

/** A test logs `HARNESS [{title, fill?, press?}, …]` to have quick inputs answered as a person would (answerQuickInputs). */
const HARNESS = 'HARNESS ';

/**
 * Answers quick inputs in order: each step waits for a quick input titled exactly `title`, types `fill` into
 * it (replacing what is there) and presses Enter (or `press`). A step that finds no such input is reported and the
 * test, which awaits the command, then times out with that report above it.
 */
function harnessActions(page) {
  let queue = Promise.resolve();
  return (steps) => {
    queue = queue.then(async () => {
      for (const step of steps) {
        const title = new RegExp(`^${step.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
        const widget = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: title }) });
        try {
          const box = widget.locator('input.input');
          await box.waitFor({ state: 'visible', timeout: 30_000 });
          if (step.fill !== undefined) await box.fill(step.fill);
          await box.press(step.press ?? 'Enter');
          await widget.waitFor({ state: 'hidden', timeout: 30_000 }).catch(() => {});
          console.log(`[harness] answered "${step.title}"${step.fill !== undefined ? ` with "${step.fill}"` : ''}`);
        } catch (error) {
          console.log(`[harness] no quick input titled "${step.title}" to answer: ${error.message.split('\n')[0]}`);
          return;
        }
      }
    });
  };
}

/**
 * The processes suite leaves programs running on purpose and lists their pids here: once VS Code is closed, none may
 * be left. Each is awaited with a pidfd (an event from the kernel, via python3), for at most 10 s.
 */
async function leftBehind(file) {
  if (!existsSync(file)) return 0;
  const pids = readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).map(Number);
  const wait = 'import os, select, sys\ntry:\n  fd = os.pidfd_open(int(sys.argv[1]))\nexcept ProcessLookupError:\n  sys.exit(0)\nsys.exit(0 if select.select([fd], [], [], 10)[0] else 1)';
  const alive = pids.filter((pid) => spawnSync('python3', ['-c', wait, String(pid)]).status !== 0);
  for (const pid of alive) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  console.log(alive.length ? `VS Code closed, but these processes were left running: ${alive.join(', ')}` : `VS Code closed: the ${pids.length} program(s) it left running ended with it`);
  return alive.length;
}

const mode = process.env.BBPORTS_VSCODE === 'electron' ? electron : offlinePasses;
mode().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`integration tests could not run: ${error instanceof Error ? error.message : error}`);
    process.exit(2);
  },
);
