import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { bridgeStartHint, deadOwnerAdvice } from '../../core/game-link/bridge/install';
import { BRIDGE_SCRIPT } from '../../core/game-link/bridge/protocol';
import { BRIDGE_SOURCE } from '../../core/game-link/bridge/script-text';
import { pullNameProblem } from '../../core/game-link/sync/pull-guard';
import { ramCostsFromDefinitions } from '../../core/game-link/sync/ram-costs';
import type { BatchOutcome } from '../../core/game-link/sync/file-sync';
import { toPortNumber } from '../../core/engine/port-number';
import { askPortNumber } from '../ports/target';
import type { PortsContext } from '../context';
import { actionsFor } from './actions-menu';
import type { GameLinkController } from './controller';
import { bridgeSettings, syncSettings } from './settings';

type PortArg = { kind?: string; source?: { id: string; label: string }; state?: { port: number }; port?: number | string } | undefined;

/** The port a pin/deep-view command is about: a Ports row, `{port}`, or what the user types. */
async function portOf(arg: PortArg, title: string): Promise<number | undefined> {
  if (arg?.source && arg.source.id !== 'game') throw new Error(`pinning and deep view are for the Game root's ports; this row is on ${arg.source.label}`);
  const given = arg?.state?.port ?? arg?.port;
  return given === undefined ? askPortNumber(title) : toPortNumber('port', given);
}

function report(ctx: PortsContext, verb: string, outcome: BatchOutcome): void {
  for (const s of outcome.skipped) ctx.log.info(`${verb}: skipped ${s.file}: ${s.reason}`);
  for (const f of outcome.failed) ctx.log.error(`${verb}: ${f.file}: ${f.error}`);
  if (outcome.failed.length) {
    void vscode.window.showErrorMessage(`${verb}: ${outcome.failed.length} file(s) failed, first: ${outcome.failed[0]?.error}`, 'Show Log').then((c) => c && ctx.log.show());
  } else {
    vscode.window.setStatusBarMessage(`$(check) ${verb}: ${outcome.done.length} file(s)`, 4000);
  }
}

export function registerGameLinkCommands(ctx: PortsContext, c: GameLinkController): void {
  const needsGame = () => {
    if (!c.link?.server.connected) throw new Error('the game is not connected: in the game open Options → Remote API and press Connect');
    if (!c.sync) throw new Error('open a folder first: it is what gets synced');
    return { link: c.link, sync: c.sync };
  };
  const commands: Record<string, (arg?: never) => Promise<unknown>> = {
    'gameLink.start': async (arg?: { port?: number }) => c.start(arg?.port),
    'gameLink.stop': async () => c.stop(),
    'gameLink.actions': async () => {
      const { title, actions } = actionsFor(ctx, c);
      const picked = await vscode.window.showQuickPick(actions, { title });
      await picked?.run();
    },
    'sync.pushAll': async () => {
      const { sync } = needsGame();
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Pushing to the game' }, () => sync.pushAll());
      for (const gamePath of outcome.done) c.markSynced(gamePath);
      report(ctx, 'Push all', outcome);
      return outcome;
    },
    'sync.pull': async () => {
      const { link, sync } = needsGame();
      const names = (await link.server.call('getFileNames', { server: sync.options.server })).map((n) => n.replace(/^\//, '')).sort();
      const picked = await vscode.window.showQuickPick(
        // The tool's own files and dot-folders are listed unticked and refused by pull: the game never writes them here.
        names.map((label) => {
          const refused = pullNameProblem(label);
          return { label, picked: !refused, description: refused && `never pulled: ${refused}` };
        }),
        { title: `Pull from ${sync.options.server}`, canPickMany: true, placeHolder: 'Files to copy into the sync folder' },
      );
      if (!picked?.length) return undefined;
      const wanted = new Set(picked.map((p) => p.label));
      const outcome = await sync.pull(
        (name) => wanted.has(name),
        async (conflicts) => {
          const choice = await vscode.window.showWarningMessage(
            `${conflicts.length} local file(s) differ from the game's copy: ${conflicts.slice(0, 5).join(', ')}${conflicts.length > 5 ? ', …' : ''}`,
            { modal: true, detail: 'Overwrite replaces your local files with the game\'s versions. Keep leaves them as they are.' },
            // The first button is the default: Enter must never replace local work.
            'Keep Local',
            'Choose…',
            'Overwrite',
          );
          if (choice === 'Overwrite') return conflicts;
          if (choice !== 'Choose…') return [];
          const chosen = await vscode.window.showQuickPick(conflicts.map((label) => ({ label })), { title: 'Overwrite these local files', canPickMany: true });
          return chosen?.map((x) => x.label) ?? [];
        },
      );
      report(ctx, 'Pull', outcome);
      return outcome;
    },
    'sync.chooseServer': async () => {
      const { link } = needsGame();
      const servers = await link.server.call('getAllServers');
      const picked = await vscode.window.showQuickPick(
        servers.map((s) => ({ label: s.hostname, description: [s.purchasedByPlayer ? 'yours' : '', s.hasAdminRights ? 'root' : 'no root'].filter(Boolean).join(' · ') })),
        { title: 'Sync files to which server?' },
      );
      if (!picked) return undefined;
      await vscode.workspace.getConfiguration('bitburnerPorts').update('sync.server', picked.label, vscode.ConfigurationTarget.Workspace);
      return picked.label;
    },
    'bridge.install': async () => {
      const { link, sync } = needsGame();
      const liveness = bridgeSettings(() => {}).liveness;
      const ram = await link.installBridge(BRIDGE_SOURCE, sync.options.server, liveness);
      // With a bridge linked, "type run" would start a second one (which stops itself): say how to replace it instead.
      const running = link.hub.link;
      const hint = running
        ? `The game bridge is updated on ${sync.options.server} (${ram.toFixed(2)} GB RAM). The running one (pid ${running.pid}) keeps the link; to run the new one type: kill ${running.pid}; run ${BRIDGE_SCRIPT}`
        : bridgeStartHint(ram, sync.options.server);
      ctx.log.info(hint);
      if (!liveness) ctx.log.info(deadOwnerAdvice('bitburnerPorts.bridge.freeDeadOwners'));
      void vscode.window.showInformationMessage(hint, 'Copy Command').then((choice) => choice && vscode.env.clipboard.writeText(`run ${BRIDGE_SCRIPT}`));
      return ram;
    },
    'gameLink.fetchDefinitions': async () => {
      const { link } = needsGame();
      const text = await link.server.call('getDefinitionFile');
      const root = syncSettings(() => {})?.root;
      if (!root) throw new Error('open a folder first: the definitions are saved in the sync folder');
      const file = join(root, 'NetscriptDefinitions.d.ts');
      await writeFile(file, text);
      c.ramCosts = ramCostsFromDefinitions(text);
      ctx.log.info(`saved ${file} (${(text.length / 1024).toFixed(0)} KB)`);
      return file;
    },
    'gameLink.backupSave': async () => {
      const { link } = needsGame();
      const save = await link.server.call('getSaveFile');
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      const suggested = `bitburnerSave_${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
      const target = await vscode.window.showSaveDialog({ title: 'Back up the game\'s save', defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : undefined, filters: { 'Bitburner save': ['json'] } });
      if (!target) return undefined;
      await mkdir(dirname(target.fsPath), { recursive: true });
      await writeFile(target.fsPath, save.binary ? Buffer.from(save.save, 'base64') : save.save);
      vscode.window.setStatusBarMessage(`$(check) Save backed up to ${vscode.workspace.asRelativePath(target)}`, 4000);
      return target.fsPath;
    },
    'bridge.pinPort': async (arg?: PortArg) => {
      const port = await portOf(arg, 'Pin a game port (always watched, shown even when empty)');
      if (port !== undefined) await c.setPinned(port, true);
      return port;
    },
    'bridge.unpinPort': async (arg?: PortArg) => {
      const port = await portOf(arg, 'Unpin a game port');
      if (port === undefined) return undefined;
      await c.setPinned(port, false);
      await c.setDeep(port, false);
      return port;
    },
    'bridge.deepViewOn': async (arg?: PortArg) => {
      const port = await portOf(arg, 'Deep view: see every item of a game port');
      if (port === undefined) return undefined;
      const ok = await vscode.window.showWarningMessage(
        `Deep view on port ${port}?`,
        { modal: true, detail: 'The bridge drains and restores the port in one atomic step to see every item. Scripts waiting on nextWrite for this port wake up each time it looks (they cannot tell it from a real write), and object items are cloned again.' },
        'Turn On',
      );
      if (ok === 'Turn On') await c.setDeep(port, true);
      return ok === 'Turn On';
    },
    'bridge.deepViewOff': async (arg?: PortArg) => {
      const port = await portOf(arg, 'Deep view off for a game port');
      if (port !== undefined) await c.setDeep(port, false);
      return port;
    },
  };
  for (const [name, run] of Object.entries(commands)) {
    ctx.track(
      vscode.commands.registerCommand(`bitburnerPorts.${name}`, async (arg?: never) => {
        try {
          return await run(arg);
        } catch (error) {
          ctx.fail(name.split('.')[1]!.replace(/([A-Z])/g, ' $1').toLowerCase().replace(/^./, (ch) => ch.toUpperCase()), error);
          return undefined;
        }
      }),
    );
  }
}
