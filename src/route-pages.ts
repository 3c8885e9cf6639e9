// The app's screens, each a chunk of its own loaded when its route is first shown, so that a page
// load evaluates the shell and the one screen it opens, not all of them. main.tsx starts the chunk
// of the address being opened at once, beside the session check and the first requests.
import { createElement, lazy, type ComponentType } from 'react';

// Once a screen's chunk is in (asked for at the press of a link or when idle: preload-route.ts), its
// component renders at once; React.lazy alone would still suspend on its first render and render the
// route again a moment later (on a navigation, the shell around it too).
const screen = <P extends object>(load: () => Promise<ComponentType<P>>) => {
  let loaded: ComponentType<P> | undefined;
  const keep = () => load().then((component) => (loaded = component));
  const Lazy = lazy(async () => ({ default: await keep() }));
  const Page = (props: P) => createElement((loaded ?? Lazy) as ComponentType<P>, props);
  return { load: keep, Page };
};

export const pages = {
  login: screen(() => import('./modules/auth/login-page').then((m) => m.LoginPage)),
  dashboard: screen(() => import('./modules/dashboard/dashboard-page').then((m) => m.DashboardPage)),
  registerList: screen(() => import('./modules/registers/grid/register-list-page').then((m) => m.RegisterListPage)),
  registerForm: screen(() => import('./modules/registers/form/register-form-page').then((m) => m.RegisterFormPage)),
  record: screen(() => import('./modules/registers/record/record-page').then((m) => m.RecordPage)),
  print: screen(() => import('./modules/registers/record/print-view').then((m) => m.PrintView)),
  notifications: screen(() => import('./modules/notifications/notification-list').then((m) => m.NotificationList)),
  reports: screen(() => import('./modules/reports/monthly-report-page').then((m) => m.MonthlyReportPage)),
  jobs: screen(() => import('./modules/jobs/scheduled-job-list').then((m) => m.ScheduledJobList)),
  permissions: screen(() => import('./modules/permissions/permission-editor-page').then((m) => m.PermissionEditorPage)),
  handover: screen(() => import('./modules/handover/handover-page').then((m) => m.HandoverPage)),
  survey: screen(() => import('./modules/survey/survey-link-page').then((m) => m.SurveyLinkPage)),
};

/** The screen an address opens (its chunk is fetched before React asks for it). */
export function pageFor(pathname: string): { load: () => Promise<unknown> } {
  if (pathname.startsWith('/login')) return pages.login;
  if (pathname.startsWith('/survey/')) return pages.survey;
  if (pathname.startsWith('/print/')) return pages.print;
  if (/^\/r\/[^/]+\/?$/.test(pathname)) return pages.registerList;
  if (/^\/r\/[^/]+\/(create|edit\/)/.test(pathname)) return pages.registerForm;
  if (/^\/r\/[^/]+\/show\//.test(pathname)) return pages.record;
  if (pathname.startsWith('/notifications')) return pages.notifications;
  if (pathname.startsWith('/reports')) return pages.reports;
  if (pathname.startsWith('/jobs')) return pages.jobs;
  if (pathname.startsWith('/permissions')) return pages.permissions;
  if (pathname.startsWith('/handover')) return pages.handover;
  return pages.dashboard;
}
