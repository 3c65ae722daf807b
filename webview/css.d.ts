// esbuild bundles the stylesheet that main.ts imports into dist/webview.css.
declare module '*.css';
