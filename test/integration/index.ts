import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

/** The @vscode/test-electron entry point: VS Code loads this module in the extension host and awaits run(). */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  // test/vscode/run.mjs's untrusted pass (Workspace Trust on, workspace untrusted) runs the *.untrusted.test files only.
  const untrusted = process.env.BBPORTS_VSCODE_PASS === 'untrusted';
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js') && f.endsWith('.untrusted.test.js') === untrusted);
  // BBPORTS_VSCODE_ONLY=types runs only the test files whose name contains it (a quicker loop while working on one).
  const only = process.env.BBPORTS_VSCODE_ONLY;
  for (const file of files.sort()) if (!only || file.includes(only)) mocha.addFile(join(__dirname, file));
  await new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const passed = runner.stats?.passes ?? 0;
      console.log(`integration: ${passed} passed, ${failures} failed`);
      if (failures) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
