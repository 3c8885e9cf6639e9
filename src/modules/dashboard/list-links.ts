// Each dashboard counter opens the list behind it: the register's grid with the very filter the
// database counted by (migrations/20261123020000_dashboard.sql), carried in the address.
import type { ViewConfig } from '../registers/views/view-config';
import { registerListUrl } from '../registers/views/view-url';

/** The Beijing calendar day before as_of (what is "past due" for a date column), as YYYY-MM-DD. */
export function beijingYesterday(asOf: string): string {
  const beijing = new Date(Date.parse(asOf) + 8 * 3600_000);
  beijing.setUTCDate(beijing.getUTCDate() - 1);
  return beijing.toISOString().slice(0, 10);
}

const openRequest = ['受理', '处理中', '待回访'];

/** Complaints escalated (serious at receipt, or past the reply deadline) and not closed: the shared 升级投诉 view. */
export const escalatedComplaints: ViewConfig = {
  filters: [
    { column: 'kind', operator: 'in', value: ['投诉'] },
    { column: 'escalated_at', operator: 'nnull' },
    { column: 'status', operator: 'in', value: openRequest },
  ],
  sort: { column: 'escalated_at', order: 'desc' },
};

export function dashboardLinks(asOf: string) {
  const yesterday = beijingYesterday(asOf);
  return {
    overdueComplaints: registerListUrl('service_requests', {
      filters: [
        { column: 'kind', operator: 'in', value: ['投诉'] },
        { column: 'replied_at', operator: 'null' },
        { column: 'status', operator: 'in', value: openRequest },
        { column: 'reply_due', operator: 'lte', value: asOf },
      ],
      sort: { column: 'reply_due', order: 'asc' },
    }),
    overdueFilings: registerListUrl('customers', {
      filters: [
        { column: 'filed_at', operator: 'null' },
        { column: 'status', operator: 'in', value: ['正常', '黑名单'] },
        { column: 'filing_due', operator: 'lte', value: yesterday },
      ],
      sort: { column: 'filing_due', order: 'asc' },
    }),
    overdueReturnVisits: registerListUrl('return_visits', {
      filters: [
        { column: 'done_at', operator: 'null' },
        { column: 'planned_on', operator: 'lte', value: yesterday },
      ],
      sort: { column: 'planned_on', order: 'asc' },
    }),
    escalatedComplaints: registerListUrl('service_requests', escalatedComplaints),
  };
}
