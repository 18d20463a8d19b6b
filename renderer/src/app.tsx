/**
 * The app shell: which screen shows, the top bar with Lock, the Ctrl+L shortcut, activity
 * reports that postpone auto-lock, and noticing when the services locked the project.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ProjectInfo, ProjectStatus } from '../../shared/api/contract';
import { bridge, call } from './api';
import { drainAllSavers } from './editor/latest-saver';
import { AnalysisScreen } from './coding/analysis-screen';
import { QuotesScreen } from './coding/quotes-screen';
import { AgreementScreen } from './coding/agreement-screen';
import { WorkbenchScreen } from './coding/workbench-screen';
import { NavigationProvider, type Navigation, type Screen } from './navigation';
import { CreateScreen } from './screens/create-screen';
import { DesignerScreen } from './designer/designer-screen';
import { EvaluationScreen } from './evaluation/evaluation-screen';
import { HomeScreen } from './screens/home-screen';
import { IntakeScreen } from './interviews/intake-screen';
import { InterviewScreen } from './interviews/interview-screen';
import { InterviewsScreen } from './interviews/interviews-screen';
import { RunnerScreen } from './runner/runner-screen';
import { SettingsScreen } from './screens/settings-screen';
import { StartScreen } from './screens/start-screen';
import { StatisticsScreen } from './stats/statistics-screen';
import { UnlockScreen, type UnlockTarget } from './screens/unlock-screen';

type View =
  | { name: 'loading' }
  | { name: 'start' }
  | { name: 'create' }
  | { name: 'unlock'; target: UnlockTarget }
  /** A project is open: which of its screens shows, and the screens before it (for `back`). */
  | { name: 'project'; info: ProjectInfo; screen: Screen; history: readonly Screen[] };

type ProjectView = Extract<View, { name: 'project' }>;

const ACTIVITY_THROTTLE_MS = 15_000;
const STATUS_POLL_MS = 3_000;
/** How many screens `back` remembers. */
const HISTORY_LENGTH = 20;

const homeOf = (info: ProjectInfo): ProjectView => ({ name: 'project', info, screen: { name: 'home' }, history: [] });

export function App() {
  const [view, setView] = useState<View>({ name: 'loading' });
  const lastActivity = useRef(0);
  const projectOpen = view.name === 'project';
  // Where the user was when the project locked (Ctrl+L or auto-lock): unlocking goes back there.
  // The runner reopens at the question it saved as its position, so it is the same question too.
  const currentView = useRef(view);
  currentView.current = view;
  const beforeLock = useRef<ProjectView | null>(null);

  const showStatus = useCallback(async (status: ProjectStatus, reason?: string) => {
    if (status.state === 'open') setView(homeOf(await call('project.info', {})));
    else if (status.state === 'locked') {
      const was = currentView.current;
      if (was.name === 'project') beforeLock.current = was;
      setView({ name: 'unlock', target: { fileName: status.fileName ?? '', ...(reason ? { reason } : {}) } });
    } else setView({ name: 'start' });
  }, []);

  const unlocked = (opened: ProjectInfo) => {
    const back = beforeLock.current;
    beforeLock.current = null;
    setView(back && back.info.path === opened.path ? { ...back, info: opened } : homeOf(opened));
  };

  useEffect(() => {
    void call('project.status', {})
      .then((status) => showStatus(status))
      .catch(() => setView({ name: 'start' }))
      .finally(() => {
        document.body.dataset.ready = 'true';
      });
  }, [showStatus]);

  const lock = useCallback(async () => {
    // Notes and answers typed a moment ago go in before the key is dropped.
    await drainAllSavers();
    const status = await call('project.lock', {});
    await showStatus(status);
  }, [showStatus]);

  // Ctrl+L / Cmd+L locks from anywhere (in Electron the menu accelerator does the same).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l' && projectOpen) {
        e.preventDefault();
        void lock();
      }
    };
    window.addEventListener('keydown', onKey);
    // In Electron the menu's accelerator takes Ctrl+L first and asks here, so the same drain runs.
    const unsubscribe = bridge?.onLockRequest?.(() => void lock());
    return () => {
      window.removeEventListener('keydown', onKey);
      unsubscribe?.();
    };
  }, [lock, projectOpen]);

  // The desktop window is closing (close button, Quit): what was typed a moment ago goes in first.
  useEffect(() => bridge?.onSaveRequest?.(() => drainAllSavers()), []);

  // Real use postpones auto-lock; the services own the timer.
  useEffect(() => {
    if (!projectOpen) return;
    const onActivity = () => {
      const now = Date.now();
      if (now - lastActivity.current < ACTIVITY_THROTTLE_MS) return;
      lastActivity.current = now;
      void call('session.activity', {}).catch(() => undefined);
    };
    window.addEventListener('keydown', onActivity, true);
    window.addEventListener('pointerdown', onActivity, true);
    return () => {
      window.removeEventListener('keydown', onActivity, true);
      window.removeEventListener('pointerdown', onActivity, true);
    };
  }, [projectOpen]);

  // The services may lock on their own (idle, suspend, screen lock): follow them.
  useEffect(() => {
    if (!projectOpen) return;
    const reason = 'Locked to protect the project. Your work was saved.';
    const check = () =>
      void call('project.status', {})
        .then((status) => {
          if (status.state !== 'open') void showStatus(status, reason);
        })
        .catch(() => undefined);
    const timer = window.setInterval(check, STATUS_POLL_MS);
    const unsubscribe = bridge?.onLock(check);
    return () => {
      window.clearInterval(timer);
      unsubscribe?.();
    };
  }, [projectOpen, showStatus]);

  const info = view.name === 'project' ? view.info : null;

  const open = useCallback((screen: Screen) => {
    setView((v) => (v.name === 'project' ? { ...v, screen, history: [...v.history, v.screen].slice(-HISTORY_LENGTH) } : v));
    // The project home shows counts: fetch them fresh whenever it opens.
    if (screen.name === 'home') void call('project.info', {}).then((fresh) => setView((v) => (v.name === 'project' && v.screen.name === 'home' ? { ...v, info: fresh } : v)));
  }, []);
  const back = useCallback(() => {
    const v = currentView.current;
    if (v.name !== 'project') return;
    const previous = v.history.at(-1);
    if (previous === undefined || previous.name === 'home') return open({ name: 'home' });
    setView({ ...v, screen: previous, history: v.history.slice(0, -1) });
  }, [open]);
  const screen = view.name === 'project' ? view.screen : null;
  const navigation = useMemo<Navigation>(() => ({ screen: screen ?? { name: 'home' }, open, back }), [screen, open, back]);
  const refreshInfo = () => void call('project.info', {}).then((fresh) => setView((v) => (v.name === 'project' ? { ...v, info: fresh } : v)));
  const closeProject = () => {
    beforeLock.current = null;
    void call('project.close', {}).then(() => setView({ name: 'start' }));
  };

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Fieldnote</span>
        {info ? <span className="project-name">{info.title}</span> : null}
        <nav aria-label="Project" className="topbar-actions">
          {screen?.name === 'home' ? (
            <button type="button" onClick={() => open({ name: 'settings' })}>
              Settings
            </button>
          ) : null}
          {projectOpen ? (
            <>
              <button type="button" onClick={closeProject}>
                Close project
              </button>
              <button type="button" className="primary" onClick={() => void lock()} aria-keyshortcuts="Control+L" title="Lock (Ctrl+L)">
                Lock
              </button>
            </>
          ) : null}
        </nav>
      </header>
      {view.name === 'project' ? <NavigationProvider value={navigation}>{projectScreen(view)}</NavigationProvider> : renderView()}
    </div>
  );

  function renderView() {
    switch (view.name) {
      case 'loading':
        return <main className="screen" aria-busy="true" />;
      case 'start':
        return <StartScreen onCreate={() => setView({ name: 'create' })} onOpen={(file) => setView({ name: 'unlock', target: { fileName: file.fileName, path: file.path } })} />;
      case 'create':
        return <CreateScreen onCreated={(created) => setView(homeOf(created))} onCancel={() => setView({ name: 'start' })} />;
      case 'unlock':
        return <UnlockScreen target={view.target} onUnlocked={unlocked} onCancel={closeProject} />;
      case 'project':
        return null;
    }
  }

  function projectScreen({ info: projectInfo, screen: shown }: ProjectView) {
    switch (shown.name) {
      case 'home':
        return <HomeScreen info={projectInfo} onChanged={refreshInfo} />;
      case 'settings':
        return <SettingsScreen info={projectInfo} onInfo={(updated) => setView((v) => (v.name === 'project' ? { ...v, info: updated } : v))} onDone={back} onDestroyed={() => setView({ name: 'start' })} />;
      case 'designer':
        return <DesignerScreen scheduleId={shown.scheduleId} />;
      case 'interviews':
        return <InterviewsScreen />;
      case 'intake':
        return <IntakeScreen />;
      case 'runner':
        return <RunnerScreen key={shown.interviewId} interviewId={shown.interviewId} />;
      case 'interview':
        return <InterviewScreen key={shown.interviewId} interviewId={shown.interviewId} />;
      case 'statistics':
        return <StatisticsScreen />;
      case 'evaluation':
        return <EvaluationScreen />;
      case 'coding':
        return <WorkbenchScreen key={shown.place ? `${shown.place.noteId}:${shown.place.start}` : 'workbench'} {...(shown.place ? { place: shown.place } : {})} />;
      case 'analysis':
        return <AnalysisScreen />;
      case 'quotes':
        return <QuotesScreen />;
      case 'agreement':
        return <AgreementScreen />;
    }
  }
}
