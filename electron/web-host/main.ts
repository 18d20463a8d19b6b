/**
 * `npm run web -- [--port N] [--project FILE] [--dir FOLDER]`: browser mode. Prints one line
 * with the URL (and its token) and nothing else that could carry data.
 */
import nodePath from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { FieldnoteServices } from '../services/fieldnote-services';
import { defaultConfigDir } from '../services/app-config';
import { APP_VERSION } from '../app-version';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    project: { type: 'string' },
    dir: { type: 'string' },
  },
  strict: true,
});

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535 (got ${values.port}).`);
  process.exit(2);
}
const projectsDir = nodePath.resolve(values.dir ?? process.env.FIELDNOTE_PROJECTS_DIR ?? nodePath.join(os.homedir(), 'Fieldnote'));
// FIELDNOTE_MINUTE_MS shortens auto-lock's minute for the end-to-end tests; nothing else reads it.
const minuteMs = Number(process.env.FIELDNOTE_MINUTE_MS) > 0 ? Number(process.env.FIELDNOTE_MINUTE_MS) : undefined;
const services = new FieldnoteServices({ mode: 'browser', configDir: defaultConfigDir(), projectsDir, appVersion: APP_VERSION, ...(minuteMs ? { minuteMs } : {}) });
if (values.project) services.preselect(nodePath.resolve(values.project));

const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const host = await startWebHost({
  services,
  staticDir,
  port,
  onInternalError: (method, error) => console.error(`internal error in ${method}: ${(error as Error)?.name ?? 'Error'}`),
});
console.log(`Fieldnote (browser mode) is running. Open: ${host.url}`);

const shutdown = () => {
  services.close();
  void host.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
