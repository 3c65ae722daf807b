// `npm run eval:lint -- CORPUS_DIR [--verdicts FILE] [--unjudged OUT.json]`: lints each repository folder under
// CORPUS_DIR (named owner+name, its commit in a `.commit` file beside the code) as the editor would, and prints
// precision per rule against the recorded verdicts, the findings nobody has judged yet, and the recorded misses the
// linter still does not report. The repositories stay outside the project; only the verdicts live here.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { alignedTable } from '../../cli/run/table';
import { loadWorkspace, TypeAwarePass } from '../index';
import { RULES, isRuleId } from '../rules';
import { precision, readVerdicts, score, type EvalFinding } from './verdicts';

const DEFAULT_VERDICTS = join(__dirname, 'verdicts.json');

async function lintRepository(dir: string, repository: string): Promise<EvalFinding[]> {
  const commitFile = join(dir, '.commit');
  const commit = existsSync(commitFile) ? readFileSync(commitFile, 'utf8').trim() : '';
  // As `bbports lint` runs: rules quiet in CI (port-overflow-ignored) stay off.
  const ws = loadWorkspace([dir], { root: dir, ci: true });
  const types = new TypeAwarePass(ws);
  await types.run();
  types.dispose();
  for (const [file, error] of ws.failures) console.error(`${repository}: ${relative(dir, file)} could not be analysed: ${error}`);
  return ws.diagnostics().map((d) => {
    const at = ws.position(d.file, d.start);
    const text = ws.facts(d.file)!.text.split('\n')[at.line]?.trim() ?? '';
    return { repository, commit, file: relative(dir, d.file).split('\\').join('/'), line: at.line + 1, rule: d.rule, severity: d.severity, message: d.message, text };
  });
}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<number> {
  const corpus = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!corpus || !existsSync(corpus) || !statSync(corpus).isDirectory()) {
    console.error(`${corpus ? `${corpus} is not a folder. ` : ''}usage: npm run eval:lint -- CORPUS_DIR [--verdicts FILE] [--unjudged OUT.json]\nCORPUS_DIR holds one folder per repository (owner+name), each with its commit in a .commit file.`);
    return 2;
  }
  const verdicts = readVerdicts(option(args, '--verdicts') ?? DEFAULT_VERDICTS);
  const findings: EvalFinding[] = [];
  const repos = readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  for (const repository of repos) findings.push(...(await lintRepository(join(corpus, repository), repository)));
  const { rules, unjudged, missed } = score(findings, verdicts.filter((v) => repos.includes(v.repository)));
  const rows = rules.map((r) => [r.rule, r.severity, String(r.findings), String(r.true), String(r.false), String(r.unjudged), precision(r.true, r.false)]);
  const group = (name: string, severities: string[]) => {
    const g = rules.filter((r) => severities.includes(isRuleId(r.rule) ? RULES[r.rule].severity : r.severity));
    const sum = (k: 'findings' | 'true' | 'false' | 'unjudged') => g.reduce((n, r) => n + r[k], 0);
    rows.push([name, '', String(sum('findings')), String(sum('true')), String(sum('false')), String(sum('unjudged')), precision(sum('true'), sum('false'))]);
  };
  group('errors + warnings', ['error', 'warning']);
  group('info', ['info']);
  group('hint', ['hint']);
  console.log(`${repos.length} repositories, ${findings.length} findings`);
  for (const line of alignedTable(['rule', 'severity', 'findings', 'true', 'false', 'unjudged', 'precision'], rows)) console.log(line);
  for (const m of missed) console.log(`missed: ${m.repository} ${m.file}:${m.line} [${m.rule}] ${m.reason}`);
  for (const f of unjudged) console.log(`unjudged: ${f.repository} ${f.file}:${f.line} [${f.rule}] ${f.text}`);
  const out = option(args, '--unjudged');
  if (out) writeFileSync(out, JSON.stringify(unjudged, null, 1));
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
