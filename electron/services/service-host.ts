/**
 * The services' own process: in Electron a `utilityProcess` started by electron/main/main.ts
 * (bundled beside main's bundle as service-host.cjs, see forge.config.ts); in the tests a
 * node:child_process.fork child. It makes one FieldnoteServices when told to and answers calls
 * over its parent port (service-protocol.ts). Plain Node: it reads Electron's
 * `process.parentPort` when there is one, without importing electron.
 */
import { FieldnoteServices } from './fieldnote-services';
import { serveServices, type HostMessage, type HostPort, type HostRequest } from './service-protocol';

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function parentPort(): HostPort | null {
  const electronPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      postMessage: (message: HostMessage) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data as HostRequest)),
    };
  }
  const send = process.send?.bind(process);
  if (send) {
    // The parent went away (crashed or killed): exit rather than linger; every committed change is in the file.
    process.on('disconnect', () => process.exit(0));
    return {
      postMessage: (message: HostMessage) => void send(message),
      onMessage: (listener) => process.on('message', (message) => listener(message as HostRequest)),
    };
  }
  return null;
}

const port = parentPort();
if (port === null) {
  console.error('service-host runs as a child process (Electron utilityProcess or child_process.fork), not on its own.');
  process.exit(2);
}
serveServices(port, (options) => new FieldnoteServices(options));
