// The bundler hands this script over as text (esbuild.mjs loads files under in-game/ with the text loader).
declare const source: string;
export default source;
