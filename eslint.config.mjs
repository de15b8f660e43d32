import { buildScanConfig } from '@n8n/scan-community-package/scanner/scanner.mjs';

// Exactly the configuration n8n's verification scanner lints a community package with, so an
// editor or `npx eslint nodes credentials package.json` reports what `npm run lint` (the scan of
// the source and of the packed tarball, scripts/scan.mjs) reports.
export default await buildScanConfig();
