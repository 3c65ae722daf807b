import { gamePath } from '../process';
import { fnLog, hostArg, runtimeError, type NsFunctions, type ScriptContext } from './context';

/** Files on the simulated servers: read, write, scp, ls, fileExists, rm. Text only, as the game's .txt and scripts. */
export function fileFunctions(c: ScriptContext): NsFunctions {
  const own = () => hostArg(c, 'read', undefined);
  return {
    read: (file: string) => own().files.get(gamePath(file)) ?? '',
    write: (file: string, data: unknown = '', mode: 'w' | 'a' = 'a') => {
      const path = gamePath(file);
      if (!/\.(txt|js|json|script|ns)$/.test(path)) throw runtimeError(c, 'write', `Invalid filename: ${file}. Scripts write text files (.txt, .json) and scripts (.js).`);
      const files = own().files;
      files.set(path, mode === 'w' ? String(data) : (files.get(path) ?? '') + String(data));
    },
    fileExists: (file: string, host?: string) => hostArg(c, 'fileExists', host).files.has(gamePath(file)),
    ls: (host: string, grep?: string) => [...hostArg(c, 'ls', host).files.keys()].filter((f) => grep === undefined || f.includes(grep)).sort(),
    rm: (file: string, host?: string) => hostArg(c, 'rm', host).files.delete(gamePath(file)),
    scp: (files: string | string[], destination: string, source?: string) => {
      const to = hostArg(c, 'scp', destination);
      const from = hostArg(c, 'scp', source);
      let all = true;
      for (const file of Array.isArray(files) ? files : [files]) {
        const path = gamePath(file);
        const text = from.files.get(path);
        if (text === undefined) {
          fnLog(c, 'scp', `File '${path}' does not exist.`);
          all = false;
          continue;
        }
        to.files.set(path, text);
        fnLog(c, 'scp', `File '${path}' copied over to '${to.hostname}'.`);
      }
      return all;
    },
  };
}
