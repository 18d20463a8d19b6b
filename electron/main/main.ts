/**
 * The Electron main process: one hardened window, the menu (with Lock), IPC, and locking on
 * suspend or screen lock. The services run in plain Node in their own utilityProcess
 * (electron/services/service-host.ts), so a long export, import or merge never freezes the window.
 */
import nodePath from 'node:path';
import { app, BrowserWindow, Menu, powerMonitor, type MenuItemConstructorOptions } from 'electron';
import { ServiceClient } from '../services/service-client';
import { announceLocks, requestLock, requestSave, serveApi, startServiceHost } from './ipc';
import { hardenApp, isAppUrl } from './security';

declare const MAIN_WINDOW_VITE_DEV_SERVER_URL: string | undefined;
declare const MAIN_WINDOW_VITE_NAME: string;

const devServerUrl = typeof MAIN_WINDOW_VITE_DEV_SERVER_URL === 'string' ? MAIN_WINDOW_VITE_DEV_SERVER_URL : undefined;
// Forge's Vite plugin bundles the main process as CommonJS, where import.meta is not available.
const here: string = typeof __dirname === 'string' ? __dirname : import.meta.dirname;

// Only files inside this folder are the app (navigation, IPC trust, request filter).
const rendererDir = nodePath.join(here, `../renderer/${MAIN_WINDOW_VITE_NAME}`);
const appOrigin = { rendererDir, devServerUrl };
hardenApp(appOrigin);
if (!app.requestSingleInstanceLock()) app.quit();

// Started on the first call (a utilityProcess can only start once the app is ready); its
// bundle sits beside this one with the same extension (forge.config.ts).
const bundleExtension = typeof __filename === 'string' ? nodePath.extname(__filename) : '.js';
const services = new ServiceClient(() => startServiceHost(nodePath.join(here, `service-host${bundleExtension}`)), {
  mode: 'electron',
  configDir: process.env.FIELDNOTE_CONFIG_DIR ?? app.getPath('userData'),
  projectsDir: nodePath.join(app.getPath('documents'), 'Fieldnote'),
  appVersion: app.getVersion(),
});

let mainWindow: BrowserWindow | null = null;
/** The page has sent what it held (or was given its chance): the window may close. */
let pageSaved = false;
/** One request at a time: a second close click or Quit while the page saves waits for the same answer. */
let pageSaving: Promise<void> | null = null;
const savePage = (): Promise<void> => {
  if (pageSaved) return Promise.resolve();
  pageSaving ??= requestSave(() => mainWindow?.webContents ?? null).then(() => {
    pageSaved = true;
    pageSaving = null;
  });
  return pageSaving;
};

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1200,
    height: 800,
    title: 'Fieldnote',
    show: false,
    webPreferences: {
      preload: nodePath.join(here, `preload${bundleExtension}`),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  // Closing the window first lets the page send its last keystrokes, then closes it.
  mainWindow.on('close', (event) => {
    if (pageSaved) return;
    event.preventDefault();
    void savePage().then(() => mainWindow?.close());
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
    pageSaved = false;
  });
  if (devServerUrl) void mainWindow.loadURL(devServerUrl);
  else void mainWindow.loadFile(nodePath.join(rendererDir, 'index.html'));
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'Project',
      submenu: [
        { label: 'Lock', accelerator: 'CmdOrCtrl+L', click: () => requestLock(services, () => mainWindow?.webContents ?? null) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.whenReady().then(() => {
  serveApi(services, (sender, url) => sender === mainWindow?.webContents && isAppUrl(url, appOrigin));
  announceLocks(services, () => mainWindow?.webContents ?? null);
  powerMonitor.on('suspend', () => services.lock('suspend'));
  powerMonitor.on('lock-screen', () => services.lock('screen-lock'));
  buildMenu();
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}).catch(() => app.quit());

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Quitting waits for the page to send what it holds, then for the services to back up and close
// the project (once), then quits.
let servicesClosed = false;
app.on('before-quit', (event) => {
  if (servicesClosed) return;
  event.preventDefault();
  void savePage()
    .then(() => services.close())
    .finally(() => {
      servicesClosed = true;
      app.quit();
    });
});
