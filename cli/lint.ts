import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseOptions, type CliCommand } from './command';

const FORMATS = ['text', 'json', 'sarif'];

const lintOptions = {
  format: { value: 'text|json|sarif', help: 'how findings are printed: lines for people, JSON records, or SARIF for code-scanning tools (default text)' },
  root: { value: 'DIR', help: "the game's home folder, where /lib/x.js imports start (default: the first folder named)" },
  rules: { value: 'JSON', help: 'severity per rule, e.g. \'{"port-busy-loop":"off"}\' (error, warning, info, hint, off)' },
};

/** `bbports lint`: the editor's port lint for CI and other editors. */
export const lintCommand: CliCommand = {
  name: 'lint',
  usage: 'lint [PATH…] [--format text|json|sarif] [--root DIR] [--rules JSON]',
  summary: 'Lints scripts for port bugs. A folder is one workspace (cross-file rules apply). Exits 1 when an error is found.',
  options: lintOptions,
  examples: ['bbports lint .', 'bbports lint src --format sarif > ports.sarif', 'bbports lint worker.js --rules \'{"port-busy-loop":"off"}\''],
  exitCodes: { 0: 'no error found (warnings may be printed)', 1: 'an error-severity finding' },
  async run(argv, io) {
    const { options, positional } = parseOptions(argv, lintOptions);
    // The linter is its own bundle beside this one (dist/language.js), loaded only here: it carries the 10 MB
    // TypeScript compiler, which the other subcommands never need.
    const { loadWorkspace, parseRuleSettings, formatSarif, formatText, toRecords, TypeAwarePass } = require(join(__dirname, 'language.js')) as typeof import('../language');
    const format = String(options.format ?? 'text');
    if (!FORMATS.includes(format)) throw new Error(`--format must be one of ${FORMATS.join(', ')}, was ${format}`);
    const paths = positional.length ? positional : ['.'];
    for (const p of paths) if (!existsPath(p)) throw new Error(`${p} does not exist: name script files or folders to lint`);
    const firstFolder = paths.find((p) => statSync(p).isDirectory());
    const root = resolve(String(options.root ?? firstFolder ?? '.'));
    let rulesJson: unknown;
    if (options.rules !== undefined) {
      try {
        rulesJson = JSON.parse(String(options.rules));
      } catch {
        throw new Error(`--rules must be JSON, e.g. --rules '{"port-busy-loop":"off"}'; got ${options.rules}`);
      }
    }
    const { settings, problems } = parseRuleSettings(rulesJson, '--rules');
    for (const p of problems) io.err(p);
    const ws = loadWorkspace(paths, { root, rules: settings, ci: true });
    const types = new TypeAwarePass(ws);
    await types.run();
    types.dispose();
    for (const [file, error] of ws.failures) io.err(`${file}: could not be analysed (${error}); its other findings are missing. This is a bbports bug: please report it with the file.`);
    const diagnostics = ws.diagnostics();
    const records = toRecords(ws, diagnostics, process.cwd());
    if (format === 'json') io.out(JSON.stringify(records, null, 2));
    else if (format === 'sarif') io.out(JSON.stringify(formatSarif(records), null, 2));
    else for (const line of formatText(records)) io.out(line);
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};

function existsPath(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}
