/** API handlers for intake, running an interview, review comments, status and the project's attribute lists. */
import type { Handlers } from '../../shared/api/dispatch';
import type { ServiceContext } from './context';

type InterviewMethods = Pick<
  Handlers,
  | 'projectSettings.get'
  | 'projectSettings.set'
  | 'projectSettings.forSchedule'
  | 'flaggedTerms.list'
  | 'flaggedTerms.add'
  | 'flaggedTerms.remove'
  | 'interview.list'
  | 'interview.start'
  | 'interview.get'
  | 'interview.answer'
  | 'interview.clearAnswer'
  | 'interview.correctAnswer'
  | 'interview.update'
  | 'interview.finish'
  | 'interview.setStatus'
  | 'interview.addComment'
  | 'interview.resolveComment'
>;

export function interviewHandlers(ctx: ServiceContext): InterviewMethods {
  const repo = () => ctx.interviews();
  return {
    'projectSettings.get': () => repo().settings(),
    'projectSettings.set': (settings) => repo().setSettings(settings),
    'projectSettings.forSchedule': ({ scheduleId }) => repo().settingsForSchedule(scheduleId),
    'flaggedTerms.list': () => ({ terms: repo().flaggedTerms() }),
    'flaggedTerms.add': ({ term }) => repo().addFlaggedTerm(term),
    'flaggedTerms.remove': ({ id }) => {
      repo().removeFlaggedTerm(id);
      return {};
    },
    'interview.list': () => ({ interviews: repo().list() }),
    'interview.start': (input) => repo().get(repo().start(input)),
    'interview.get': ({ id }) => repo().get(id),
    'interview.answer': ({ interviewId, participantId, question, value, state, missingReason }) => ({ updatedAt: repo().answer(interviewId, participantId, question, value, state, missingReason) }),
    'interview.correctAnswer': (input) => {
      repo().correctAnswer(input);
      return repo().get(input.interviewId);
    },
    'interview.clearAnswer': ({ interviewId, participantId, question }) => {
      repo().clearAnswer(interviewId, participantId, question);
      return {};
    },
    'interview.update': ({ id, ...patch }) => {
      repo().update(id, patch);
      return {};
    },
    'interview.finish': ({ id, early, atQuestion, reason }) => {
      repo().finish(id, early, atQuestion, reason);
      return repo().get(id);
    },
    'interview.addComment': (input) => repo().addComment(input),
    'interview.resolveComment': ({ id, resolved }) => {
      repo().resolveComment(id, resolved);
      return {};
    },
    'interview.setStatus': ({ id, status, initials }) => {
      repo().setStatus(id, status, initials);
      return repo().get(id);
    },
  };
}
