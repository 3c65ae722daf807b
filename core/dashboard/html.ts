export interface DashboardPage {
  /** The origin the webview's resources come from (VS Code's `webview.cspSource`). */
  cspSource: string;
  /** A fresh random nonce for this page load. */
  nonce: string;
  scriptUri: string;
  styleUri: string;
}

/**
 * The dashboard's page. Strict CSP: nothing loads unless named; the one script runs by nonce, the stylesheet comes
 * from the extension's dist folder; the views set styles only through the CSSOM, which the policy allows.
 */
export function dashboardHtml(page: DashboardPage): string {
  const csp = [`default-src 'none'`, `script-src 'nonce-${page.nonce}'`, `style-src ${page.cspSource}`, `img-src ${page.cspSource} data:`, `font-src ${page.cspSource}`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${page.styleUri}">
<title>Port Dashboard</title>
</head>
<body>
<main id="app" aria-label="Port dashboard"></main>
<script nonce="${page.nonce}" src="${page.scriptUri}"></script>
</body>
</html>`;
}
