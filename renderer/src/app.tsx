/**
 * The app shell: which screen shows, the top bar with Lock, the Ctrl+L shortcut, activity
 * reports that postpone auto-lock, and noticing when the services locked the project.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectInfo, ProjectStatus } from '../../shared/api/contract';
import { bridge, call } from './api';
import { drainAllSavers } from './editor/latest-saver';
import { AnalysisScreen } from './coding/analysis-screen';
import { QuotesScreen } from './coding/quotes-screen';
import { AgreementScreen } from './coding/agreement-screen';
import { WorkbenchScreen, type NotePlace } from './coding/workbench-screen';
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
  | { name: 'home'; info: ProjectInfo }
  | { name: 'settings'; info: ProjectInfo | null; back: View }
  | { name: 'designer'; info: ProjectInfo; scheduleId: string }
  | { name: 'interviews'; info: ProjectInfo }
  | { name: 'intake'; info: ProjectInfo }
  | { name: 'runner'; info: ProjectInfo; interviewId: string }
  | { name: 'interview'; info: ProjectInfo; interviewId: string }
  | { name: 'statistics'; info: ProjectInfo }
  | { name: 'coding'; info: ProjectInfo; place?: NotePlace }
  | { name: 'analysis'; info: ProjectInfo }
  | { name: 'quotes'; info: ProjectInfo }
  | { name: 'agreement'; info: ProjectInfo }
  | { name: 'evaluation'; info: ProjectInfo };

/** Views that show an open project (they carry its info for the top bar). */
const PROJECT_VIEWS = new Set<View['name']>(['home', 'designer', 'interviews', 'intake', 'runner', 'interview', 'statistics', 'coding', 'analysis', 'quotes', 'agreement', 'evaluation']);

const ACTIVITY_THROTTLE_MS = 15_000;
const STATUS_POLL_MS = 3_000;

type ProjectView = Extract<View, { info: ProjectInfo }>;

function isProjectView(view: View): view is ProjectView {
  return PROJECT_VIEWS.has(view.name);
}

export function App() {
  const [view, setView] = useState<View>({ name: 'loading' });
  const lastActivity = useRef(0);
  const projectOpen = PROJECT_VIEWS.has(view.name) || (view.name === 'settings' && view.info !== null);
  // Where the user was when the project locked (Ctrl+L or auto-lock): unlocking goes back there.
  // The runner reopens at the question it saved as its position, so it is the same question too.
  const currentView = useRef(view);
  currentView.current = view;
  const beforeLock = useRef<ProjectView | null>(null);

  const showStatus = useCallback(async (status: ProjectStatus, reason?: string) => {
    if (status.state === 'open') setView({ name: 'home', info: await call('project.info', {}) });
    else if (status.state === 'locked') {
      const was = currentView.current;
      if (isProjectView(was)) beforeLock.current = was;
      setView({ name: 'unlock', target: { fileName: status.fileName ?? '', ...(reason ? { reason } : {}) } });
    } else setView({ name: 'start' });
  }, []);

  const unlocked = (opened: ProjectInfo) => {
    const back = beforeLock.current;
    beforeLock.current = null;
    setView(back && back.info.path === opened.path ? { ...back, info: opened } : { name: 'home', info: opened });
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

  const info = 'info' in view ? view.info : null;
  const goHome = () => void call('project.info', {}).then((fresh) => setView({ name: 'home', info: fresh }));
  const refreshInfo = () => void call('project.info', {}).then((fresh) => setView((v) => (v.name === 'home' ? { ...v, info: fresh } : v)));

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Fieldnote</span>
        {info ? <span className="project-name">{info.title}</span> : null}
        <nav aria-label="Project" className="topbar-actions">
          {view.name === 'home' ? (
            <button type="button" onClick={() => setView({ name: 'settings', info, back: view })}>
              Settings
            </button>
          ) : null}
          {projectOpen ? (
            <>
              <button
                type="button"
                onClick={() => {
                  beforeLock.current = null;
                  void call('project.close', {}).then(() => setView({ name: 'start' }));
                }}
              >
                Close project
              </button>
              <button type="button" className="primary" onClick={() => void lock()} aria-keyshortcuts="Control+L" title="Lock (Ctrl+L)">
                Lock
              </button>
            </>
          ) : null}
        </nav>
      </header>
      {renderView()}
    </div>
  );

  function renderView() {
    switch (view.name) {
      case 'loading':
        return <main className="screen" aria-busy="true" />;
      case 'start':
        return (
          <StartScreen
            onCreate={() => setView({ name: 'create' })}
            onOpen={(file) => setView({ name: 'unlock', target: { fileName: file.fileName, path: file.path } })}
          />
        );
      case 'create':
        return <CreateScreen onCreated={(created) => setView({ name: 'home', info: created })} onCancel={() => setView({ name: 'start' })} />;
      case 'unlock':
        return (
          <UnlockScreen
            target={view.target}
            onUnlocked={unlocked}
            onCancel={() => {
              beforeLock.current = null;
              void call('project.close', {}).then(() => setView({ name: 'start' }));
            }}
          />
        );
      case 'home':
        return (
          <HomeScreen
            info={view.info}
            onOpenSchedule={(scheduleId) => setView({ name: 'designer', info: view.info, scheduleId })}
            onChanged={refreshInfo}
            onNewInterview={() => setView({ name: 'intake', info: view.info })}
            onInterviews={() => setView({ name: 'interviews', info: view.info })}
            onStatistics={() => setView({ name: 'statistics', info: view.info })}
            onCoding={() => setView({ name: 'coding', info: view.info })}
            onAnalysis={() => setView({ name: 'analysis', info: view.info })}
            onQuotes={() => setView({ name: 'quotes', info: view.info })}
            onAgreement={() => setView({ name: 'agreement', info: view.info })}
            onEvaluation={() => setView({ name: 'evaluation', info: view.info })}
          />
        );
      case 'designer':
        return <DesignerScreen scheduleId={view.scheduleId} onBack={goHome} />;
      case 'interviews':
        return (
          <InterviewsScreen
            onOpen={(interviewId) => setView({ name: 'interview', info: view.info, interviewId })}
            onResume={(interviewId) => setView({ name: 'runner', info: view.info, interviewId })}
            onNew={() => setView({ name: 'intake', info: view.info })}
            onBack={goHome}
          />
        );
      case 'intake':
        return <IntakeScreen onBegin={(interviewId) => setView({ name: 'runner', info: view.info, interviewId })} onCancel={goHome} />;
      case 'runner':
        return (
          <RunnerScreen
            key={view.interviewId}
            interviewId={view.interviewId}
            onFinished={(interviewId) => setView({ name: 'interview', info: view.info, interviewId })}
            onLeave={() => setView({ name: 'interviews', info: view.info })}
          />
        );
      case 'interview':
        return (
          <InterviewScreen
            key={view.interviewId}
            interviewId={view.interviewId}
            onResume={(interviewId) => setView({ name: 'runner', info: view.info, interviewId })}
            onBack={() => setView({ name: 'interviews', info: view.info })}
          />
        );
      case 'statistics':
        return <StatisticsScreen onBack={goHome} />;
      case 'evaluation':
        return <EvaluationScreen onOpenPlace={(place) => setView({ name: 'coding', info: view.info, place })} onHome={goHome} />;
      case 'coding':
      case 'analysis':
      case 'quotes':
      case 'agreement': {
        const go = {
          onOpenPlace: (place: NotePlace) => setView({ name: 'coding', info: view.info, place }),
          onWorkbench: () => setView({ name: 'coding', info: view.info }),
          onAnalysis: () => setView({ name: 'analysis', info: view.info }),
          onQuotes: () => setView({ name: 'quotes', info: view.info }),
          onAgreement: () => setView({ name: 'agreement', info: view.info }),
          onHome: goHome,
        };
        if (view.name === 'coding') {
          return <WorkbenchScreen key={view.place ? `${view.place.noteId}:${view.place.start}` : 'workbench'} {...(view.place ? { place: view.place } : {})} onAnalysis={go.onAnalysis} onQuotes={go.onQuotes} onAgreement={go.onAgreement} onHome={go.onHome} />;
        }
        if (view.name === 'analysis') return <AnalysisScreen onOpenPlace={go.onOpenPlace} onWorkbench={go.onWorkbench} onQuotes={go.onQuotes} onAgreement={go.onAgreement} onHome={go.onHome} />;
        if (view.name === 'agreement') return <AgreementScreen onOpenPlace={go.onOpenPlace} onWorkbench={go.onWorkbench} onAnalysis={go.onAnalysis} onQuotes={go.onQuotes} onHome={go.onHome} />;
        return <QuotesScreen onOpenPlace={go.onOpenPlace} onWorkbench={go.onWorkbench} onAnalysis={go.onAnalysis} onAgreement={go.onAgreement} onHome={go.onHome} />;
      }
      case 'settings':
        return (
          <SettingsScreen
            info={view.info}
            onInfo={(updated) => setView({ ...view, info: updated })}
            onDone={() => setView(view.info ? { name: 'home', info: view.info } : view.back)}
            onDestroyed={() => setView({ name: 'start' })}
          />
        );
    }
  }
}
