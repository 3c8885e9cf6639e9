// The Refine app: providers, resources and routes.
import { ErrorComponent, ThemedLayout, ThemedTitle, useNotificationProvider } from '@refinedev/antd';
import '@refinedev/antd/dist/reset.css';
import { Authenticated, Refine } from '@refinedev/core';
import routerProvider, { CatchAllNavigate, DocumentTitleHandler, UnsavedChangesNotifier } from '@refinedev/react-router';
import { App as AntdApp, Alert, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import { Suspense, useEffect, useState } from 'react';
import { BrowserRouter, Navigate, Outlet, Route, Routes } from 'react-router';
import { queryClient } from './data/query-client';
import { missingSupabaseEnv } from './data/supabase-client';
import { i18n } from './i18n/i18n';
import { AppHeader } from './layout/app-header';
import { AppSider } from './layout/app-sider';
import { FreshOnNavigation } from './layout/fresh-on-navigation';
import { RecoveryBanner } from './modules/recovery/recovery-banner';
import { useCanDo } from './modules/registers/model/use-can-do';
import { useRegisters } from './modules/registers/model/use-registers';
// A register's first page starts with the session check's answer (it signs up on import).
import './modules/registers/grid/first-page';
import { accessControlProvider } from './providers/access-control-provider';
import { authProvider } from './providers/auth-provider';
import { dataProvider } from './providers/data-provider';
import { i18nProvider } from './providers/i18n-provider';
import { appResources, featureResource } from './resources';
import { pages } from './route-pages';

// Each screen is a chunk of its own (route-pages.ts); the one being opened was asked for by main.tsx.
const LoginPage = pages.login.Page;
const DashboardPage = pages.dashboard.Page;
const HandoverPage = pages.handover.Page;
const ScheduledJobList = pages.jobs.Page;
const NotificationList = pages.notifications.Page;
const PermissionEditorPage = pages.permissions.Page;
const RegisterFormPage = pages.registerForm.Page;
const RegisterListPage = pages.registerList.Page;
const PrintView = pages.print.Page;
const RecordPage = pages.record.Page;
const SurveyLinkPage = pages.survey.Page;
const MonthlyReportPage = pages.reports.Page;

function useLanguage(): string {
  const [language, setLanguage] = useState(i18n.language);
  useEffect(() => {
    const onChange = (next: string) => setLanguage(next);
    i18n.on('languageChanged', onChange);
    return () => i18n.off('languageChanged', onChange);
  }, []);
  return language;
}

const Title = ({ collapsed }: { collapsed: boolean }) => <ThemedTitle collapsed={collapsed} text={i18n.t('app.title')} />;

// Feature screens that stand for a register of their own (to-dos, monthly reports, the job schedule):
// the menu entry the database declares for that register opens the screen.
const featurePaths = new Map([
  ['notifications', '/notifications'],
  ['monthly_reports', '/reports'],
  ['scheduled_jobs', '/jobs'],
  ['permissions', '/permissions'],
]);

export function App() {
  const language = useLanguage();
  const { registers } = useRegisters();
  const canDo = useCanDo();
  if (missingSupabaseEnv) return <Alert type="error" showIcon message={i18n.t('app.missingEnv')} style={{ margin: 48 }} />;
  return (
    <BrowserRouter>
      <ConfigProvider locale={language === 'en' ? enUS : zhCN}>
        <AntdApp>
          <RecoveryBanner />
          <Refine
            dataProvider={dataProvider}
            authProvider={authProvider}
            accessControlProvider={accessControlProvider}
            i18nProvider={i18nProvider}
            routerProvider={routerProvider}
            notificationProvider={useNotificationProvider}
            resources={[
              ...appResources(registers, language, featurePaths),
              // 离职交接: in the menu of whoever holds a staff_handover permission row (manager, director, admin).
              ...(canDo('staff_handover', 'read') ? [featureResource('staff_handover', '/handover', i18n.t('handover.title'), 'organisation')] : []),
            ]}
            options={{ reactQuery: { clientConfig: queryClient }, syncWithLocation: true, warnWhenUnsavedChanges: true, disableTelemetry: true, title: { text: i18n.t('app.title') } }}
          >
            <Routes>
              <Route
                element={
                  <Authenticated key="app" fallback={<CatchAllNavigate to="/login" />}>
                    <FreshOnNavigation />
                    <ThemedLayout Header={AppHeader} Title={Title} Sider={() => <AppSider Title={Title} />}>
                      <Suspense fallback={<Spin style={{ margin: 48 }} />}>
                        <Outlet />
                      </Suspense>
                    </ThemedLayout>
                  </Authenticated>
                }
              >
                <Route index element={<DashboardPage />} />
                <Route path="/r/:register">
                  <Route index element={<RegisterListPage />} />
                  <Route path="create" element={<RegisterFormPage action="create" />} />
                  <Route path="edit/:id" element={<RegisterFormPage action="edit" />} />
                  <Route path="show/:id" element={<RecordPage />} />
                </Route>
                <Route path="/notifications" element={<NotificationList />} />
                <Route path="/reports" element={<MonthlyReportPage />} />
                <Route path="/jobs" element={<ScheduledJobList />} />
                <Route path="/permissions" element={<PermissionEditorPage />} />
                <Route path="/handover" element={<HandoverPage />} />
                <Route path="*" element={<ErrorComponent />} />
              </Route>
              <Route
                path="/print/:register/:id"
                element={
                  <Authenticated key="print" fallback={<CatchAllNavigate to="/login" />}>
                    <Suspense fallback={null}>
                      <PrintView />
                    </Suspense>
                  </Authenticated>
                }
              />
              {/* A customer's survey link: no account, outside the signed-in app. */}
              <Route path="/survey/:token" element={<Suspense fallback={null}><SurveyLinkPage /></Suspense>} />
              <Route
                element={
                  <Authenticated key="login" fallback={<Outlet />}>
                    <Navigate to="/" replace />
                  </Authenticated>
                }
              >
                <Route path="/login" element={<Suspense fallback={null}><LoginPage /></Suspense>} />
              </Route>
            </Routes>
            <UnsavedChangesNotifier />
            <DocumentTitleHandler />
          </Refine>
        </AntdApp>
      </ConfigProvider>
    </BrowserRouter>
  );
}
