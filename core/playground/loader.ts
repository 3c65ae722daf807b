import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Lets Node load a folder of game scripts as they are: `.js` files as ES modules (no package.json needed), and the
 * game's root-absolute imports (`import { PORTS } from '/lib/ports.js'`) resolved against the folder.
 */
export function registerGameScriptLoader(root: string): void {
  const rootUrl = pathToFileURL(root.endsWith('/') ? root : `${root}/`).href;
  const hooks = `
const root = ${JSON.stringify(rootUrl)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('/') && context.parentURL && context.parentURL.startsWith(root)) {
    return next(new URL('.' + specifier, root).href, context);
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.startsWith(root) && url.endsWith('.js')) return next(url, { ...context, format: 'module' });
  return next(url, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}
