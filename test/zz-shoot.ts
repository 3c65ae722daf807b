import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { launchGame } from '/work/main/test/game/driver';

const home = join(homedir(), '.cache/bitburner-ports/vscode');
const root = '/work/main';
const out = '/work/notes/issue-12-shots';
mkdirSync(out, { recursive: true });
const ws = mkdtempSync(join(tmpdir(), 'ss-ws-'));
const gamePort = 12611;
mkdirSync(join(ws, '.vscode'));
writeFileSync(join(ws, '.vscode/settings.json'), JSON.stringify({ 'bitburnerPorts.gameLink.port': gamePort, 'bitburnerPorts.bridge.watchPorts': [4] }));
writeFileSync(join(ws, 'read9.js'), 'export async function main(ns) { ns.tprint("read9 v2"); }\n');
writeFileSync(join(ws, 'writer.js'), 'export async function main(ns) { for (let i = 1; i <= 30; i++) { ns.writePort(4, { job: i }); await ns.sleep(300); } }\n');
const run = mkdtempSync(join(tmpdir(), 'ss-run-'));
mkdirSync(join(run, 'ud/User'), { recursive: true });
writeFileSync(join(run, 'ud/User/settings.json'), JSON.stringify({ 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none', 'workbench.enableExperiments': false }));
const port = 12711;
const env = { ...process.env, PATH: `${join(home, 'node24/package/bin')}:${process.env.PATH}`, XDG_CONFIG_HOME: join(run, 'xdg/config'), XDG_DATA_HOME: join(run, 'xdg/data'), XDG_CACHE_HOME: join(run, 'xdg/cache'), TMPDIR: join(home, 'tmp') };
const server = spawn(join(home, 'cs/bin/code-server'), ['--config', join(home, 'cs-config.yaml'), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--user-data-dir', join(run, 'ud'), '--extensions-dir', join(run, 'ext'), '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened', '--vscode-option', 'enable-smoke-test-driver', '--disable-workspace-trust', ws], { env, detached: true, stdio: 'ignore' });
console.log('server pid', server.pid);
const stop = () => { try { process.kill(-server.pid!, 'SIGTERM'); } catch {} };
(async () => {
try {
  for (let i = 0; i < 300; i++) { try { const r = await fetch(`http://127.0.0.1:${port}/healthz`); if (r.ok) break; } catch {} await new Promise((r) => setTimeout(r, 200)); }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  const authority = `127.0.0.1:${port}`;
  const payload = [['extensionDevelopmentPath', `vscode-remote://${authority}${root}`], ['skipWelcome', 'true']];
  await page.goto(`http://${authority}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
  await page.locator('.statusbar').first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(8000);
  await page.keyboard.press('F1');
  await page.keyboard.type('Bitburner Ports: Start Game Link Server');
  await page.waitForTimeout(1500);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(8000);
  await page.screenshot({ path: join(out, 'debug-0.png') });
  await page.locator('.statusbar').getByText(/Bitburner/).first().waitFor({ timeout: 60_000 });
  console.log('extension up');
  const game = await launchGame();
  await game.connect(gamePort);
  await page.locator('.notifications-toasts').getByText(/the game is connected/).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(out, '1-first-connect.png') });
  console.log('shot 1');
  await page.locator('.notifications-toasts').getByRole('button', { name: /Push 2 File/ }).click();
  await page.locator('.statusbar').getByText(/in sync/).waitFor({ timeout: 30_000 });
  // bridge
  await page.keyboard.press('F1');
  await page.keyboard.type('Bitburner Ports: Install');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.locator('.notifications-toasts').getByText(/run bbports-bridge\.js/).first().waitFor({ timeout: 30_000 });
  await game.terminal('run bbports-bridge.js');
  await page.locator('.statusbar').getByText(/bridge/).waitFor({ timeout: 30_000 });
  await game.terminal('run writer.js');
  await page.keyboard.press('F1');
  await page.keyboard.type('View: Show Bitburner Ports');
  await page.waitForTimeout(800);
  await page.keyboard.press('Enter');
  await page.getByText(/writes seen/).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: join(out, '2-game-root-growing-queue.png') });
  console.log('shot 2');
  await game.close();
  await browser.close();
} catch (e) { console.log('FAILED', e); } finally {
  stop();
}
})();
