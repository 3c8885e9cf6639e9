// Scheduled jobs 定时任务: pause, resume, run now, and the last runs. Each job is named by its
// description in the person's language, its schedule said in words in Beijing time (the cron,
// kept in UTC for the scheduler, in a tooltip).
import { List, useTable } from '@refinedev/antd';
import { useList, useTranslate, useUpdate } from '@refinedev/core';
import { App, Button, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { requestJobRun } from '../../data/jobs/request-job-run';
import { messageHalf } from '../../providers/readable-error';
import type { Database } from '../../types/database.types';
import { describeSchedule } from './describe-schedule';

type Job = Database['public']['Tables']['scheduled_jobs']['Row'];
type Run = Database['public']['Tables']['job_runs']['Row'];

export function ScheduledJobList() {
  const t = useTranslate();
  const { i18n } = useTranslation();
  const { message } = App.useApp();
  const { mutate: update } = useUpdate();
  // The whole schedule on one page: a job on a second page would be one nobody sees (there are a score, not thousands).
  const { tableProps } = useTable<Job>({ resource: 'scheduled_jobs', sorters: { initial: [{ field: 'name', order: 'asc' }] }, pagination: { mode: 'off' }, syncWithLocation: false });
  const { result: runs } = useList<Run>({ resource: 'job_runs', sorters: [{ field: 'id', order: 'desc' }], pagination: { pageSize: 50 }, queryOptions: { refetchInterval: 5000 } });
  const lastRun = (name: string) => runs?.data.find((r) => r.job_name === name);
  const title = (job: Job) => (job.description ? messageHalf(job.description) : job.name);
  const runNow = async (job: Job) => {
    try {
      await requestJobRun(job.name);
      void message.success(t('jobs.requested', { name: title(job) }));
    } catch (e) {
      void message.error(e instanceof Error ? messageHalf(e.message) : String(e));
    }
  };
  return (
    <List>
      <Table {...tableProps} rowKey="name" data-testid="jobs-table">
        <Table.Column<Job>
          dataIndex="description"
          title={t('jobs.fields.description')}
          render={(_, job) => <span data-testid={`job-${job.name}-description`}>{title(job)}</span>}
        />
        <Table.Column<Job>
          dataIndex="schedule"
          title={t('jobs.fields.schedule')}
          render={(v: string, job) => (
            <Tooltip title={t('jobs.cronTooltip', { cron: v })}>
              <Typography.Text data-testid={`job-${job.name}-schedule`} data-cron={v}>
                {describeSchedule(v, i18n.language)}
              </Typography.Text>
            </Tooltip>
          )}
        />
        <Table.Column<Job>
          dataIndex="enabled"
          title={t('jobs.fields.enabled')}
          render={(v, job) => <Switch checked={v} onChange={(enabled) => update({ resource: 'scheduled_jobs', id: job.name, values: { enabled }, meta: { idColumnName: 'name' } })} />}
        />
        <Table.Column<Job>
          title={t('jobs.fields.last_run')}
          render={(_, job) => {
            const run = lastRun(job.name);
            if (!run) return null;
            return (
              <span>
                {dayjs(run.started_at).format('MM-DD HH:mm:ss')} <Tag color={run.error ? 'red' : 'green'}>{run.error ? t('jobs.failed') : t('jobs.rows', { count: run.rows_affected })}</Tag>
              </span>
            );
          }}
        />
        <Table.Column<Job> title={t('table.actions')} render={(_, job) => <Button size="small" onClick={() => void runNow(job)}>{t('jobs.runNow')}</Button>} />
      </Table>
    </List>
  );
}
